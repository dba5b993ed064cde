"""The two editions: what each holds, and the configuration and table of contents each is built from.

Both editions are built from a configuration derived here from `_config.yml`, with the edition set
explicitly, so that a stray `reader_edition: instructor` in the file cannot publish the answers.
The instructor-only text itself never stands in a page's source: the notebooks hold placeholders
(`INSTRUCTOR_ONLY`) that `sphinx.instructor_only` fills in the instructor edition only, and the
instructor guide is in the instructor edition's table of contents only. `checks.leaks` proves the
student edition holds none of it before it is published.
"""

from pathlib import Path

import yaml

from readertools.errors import SourceError

EDITIONS = ("student", "instructor")


def edition_config(config_path: Path, edition: str) -> dict:
    """The edition's configuration: `_config.yml` with the edition set (and the title marked).

    `jupyter-book build --config` replaces the whole configuration, so each edition gets a complete
    copy, derived here rather than kept by hand.
    """
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    try:
        config["sphinx"]["config"]["reader_edition"] = edition
    except (KeyError, TypeError):
        raise SourceError(config_path, "expected `sphinx: config:` (a mapping)") from None
    if edition == "instructor":
        config["title"] += " (instructor edition)"
    return config


# The placeholders of instructor-only text in the notebooks (`:::{model-answer} avakian 4`): filled from
# the apparatus in the instructor edition (sphinx/instructor_only.py), dropped from the student
# notebooks (exports/student_notebooks.py), producing nothing anywhere else.
INSTRUCTOR_ONLY = ("model-answer", "teaching-notes", "discussion-plan", "sample-answers")
def edition_toc(project, edition: str) -> dict:
    """The edition's table of contents: `_toc.yml`, plus, in the instructor edition, the instructor
    guide at the head of the back matter (the student edition never reads the page:
    `only_build_toc_files`)."""
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    if edition == "instructor":
        back = next((part for part in toc.get("parts", []) if part.get("caption") == "Back matter"),
                    toc.get("parts", [{}])[-1])
        back.setdefault("chapters", [])[0:0] = [{"file": project.docname(project.instructor_guide)}]
    return toc


