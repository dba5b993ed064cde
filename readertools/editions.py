"""The two editions: what each holds, and the configuration and table of contents each is built from.

Both editions are built from a configuration derived here from `_config.yml`, with the edition set
explicitly, so that a stray `reader_edition: instructor` in the file cannot publish the answers, and
notebook execution off, so that no build runs a notebook (`EXECUTION`).
The instructor-only text itself never stands in a page's source: the notebooks hold placeholders
(`INSTRUCTOR_ONLY`) that `sphinx.instructor_only` fills in the instructor edition only, and the
instructor guide is in the instructor edition's table of contents only. The student edition is
made from a model that never holds that text (`model.student_edition`: what the schemas mark
`x-instructor-only` is left out as the files are read, in the build and in its Sphinx process), and
`checks.leaks` proves, on every byte of the staged site, that it holds none of it before it is
published.

Both are published for one public address (`public_address`), which a build may be given from
outside (`make book BASEURL=…`), and the student notebooks in one repository (`student_repository`):
what names the published site or that repository reads it here.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from readertools.errors import SourceError
from readertools.schema import place_in, read_yaml

EDITIONS = ("student", "instructor")


def edition_config(config_path: Path, edition: str) -> dict:
    """The edition's configuration: `_config.yml` with the edition set (and the title marked), and
    notebook execution off (`EXECUTION`), whatever the file says; a file that asks for execution is
    refused, naming the setting and its line.

    `jupyter-book build --config` replaces the whole configuration, so each edition gets a complete
    copy, derived here rather than kept by hand.
    """
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
    try:
        config["sphinx"]["config"]["reader_edition"] = edition
    except (KeyError, TypeError):
        raise SourceError(config_path, "expected `sphinx: config:` (a mapping)") from None
    _refuse_execution(config_path, config)
    config["execute"] = {**(config.get("execute") or {}), "execute_notebooks": "off"}
    config["sphinx"]["config"]["nb_execution_mode"] = "off"
    config.setdefault("html", {})["baseurl"] = public_address(config_path)
    if edition == "instructor":
        config["title"] += " (instructor edition)"
    return config


# The build never executes a notebook: it renders the outputs `make notebooks` stored, which the build
# checks are current (`generate.sync.out_of_step`) and nbval checks a fresh run reproduces. Executing
# them during the build (`execute_notebooks: force`, or `auto`, Jupyter Book's default) would publish
# outputs no check ever saw. These settings of `_config.yml` ask for it: each may be absent, or "off".
EXECUTION = (("execute", "execute_notebooks"), ("sphinx", "config", "nb_execution_mode"),
             ("sphinx", "config", "jupyter_execute_notebooks"))


def _refuse_execution(config_path: Path, config: dict) -> None:
    for keys in EXECUTION:
        value = config
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None and value not in ("off", False):  # YAML reads a bare `off` as false
            data, nodes = read_yaml(config_path)
            raise SourceError(config_path, f"{value!r} would have the build execute the notebooks, and publish "
                              "outputs no check has seen; the build never executes them (`make notebooks` "
                              'does, and records what they read): set it to "off" or remove it',
                              place_in(data, nodes, keys))


# The placeholders of instructor-only text in the notebooks (`:::{model-answer} avakian 4`): filled from
# the apparatus in the instructor edition (sphinx/instructor_only.py), dropped from the student
# notebooks (exports/student_notebooks.py), producing nothing anywhere else.
INSTRUCTOR_ONLY = ("model-answer", "teaching-notes", "discussion-plan", "sample-answers")
# An editor's note that settles a study question (`:::{closed-note} ✎ Editor's note on ¶ 4: try 6.14 first`):
# closed until the student opens it in the student edition and its notebooks, open in the instructor
# edition (sphinx/instructor_only.py, exports/student_notebooks.py).
CLOSED_NOTE = "closed-note"


def instructor_pages(project) -> tuple[Path, ...]:
    """The pages of the instructor edition only: the instructor guide and "For instructors: materials"."""
    return project.instructor_guide, project.materials_page


def edition_toc(project, edition: str) -> dict:
    """The edition's table of contents: `_toc.yml`, plus, in the instructor edition, its own pages
    (`instructor_pages`) at the head of the back matter (the student edition never reads them:
    `only_build_toc_files`)."""
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    if edition == "instructor":
        back = next((part for part in toc.get("parts", []) if part.get("caption") == "Back matter"),
                    toc.get("parts", [{}])[-1])
        back.setdefault("chapters", [])[0:0] = [{"file": project.docname(page)} for page in instructor_pages(project)]
    return toc


# `make offline EDITION=instructor` zips the instructor edition instead of the student one; the Makefile
# hands EDITION to the tools as this environment variable, its text as given.
EDITION_VARIABLE = "READER_EDITION"


def offline_edition(environ=os.environ) -> str:
    """The edition `make offline` zips: `EDITION` (`READER_EDITION`), student when empty; any other
    value is refused, so that a misspelt name never zips the wrong edition."""
    value = environ.get(EDITION_VARIABLE, "")
    if value.strip() in ("", *EDITIONS):
        return value.strip() or "student"
    raise SourceError("EDITION", f"{value!r} is not student or instructor: give EDITION=instructor to zip the "
                      "instructor edition (outside its site, never published), or leave it out for the student "
                      "edition", f"{EDITION_VARIABLE} in the environment")


# The site's public address. `make book BASEURL=…` (every target that builds an edition) hands it to the
# tools as this environment variable, its text as given: a publishing workflow sets the address of
# the site it deploys to without editing `_config.yml`.
BASEURL_VARIABLE = "READER_BASEURL"
# What an address may hold: it is written into HTML attributes, JSON, XML, Markdown links (the question
# bank, the student notebooks) and PDF links, so nothing that ends or escapes any of those (quotes, spaces,
# <, >, brackets, a backslash), and no query or fragment, which a base address cannot have.
_ADDRESS_CHARACTERS = re.compile(r"[A-Za-z0-9._~:/@!$&*+,;=%-]*")


def public_address(config_path: Path, environ=os.environ) -> str:
    """The site's public address, ending in "/", or "" when it has none: `READER_BASEURL` in the
    environment (`make … BASEURL=…`) if set and not empty, else `html: baseurl:` of `_config.yml`.

    The one place that decides it: the editions' configuration (`edition_config`: Sphinx's
    `html_baseurl`, hence canonical links, link previews, the sitemap, the citations), the PDFs' links
    and the question bank's links read it here, as the student notebooks' links are to. An address
    that is not a plain http(s) address stops the build, naming where it came from."""
    given = environ.get(BASEURL_VARIABLE) or ""
    if given:
        where = ("BASEURL", f"{BASEURL_VARIABLE} in the environment")
    else:
        config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8")) or {}
        given = str((config.get("html") or {}).get("baseurl") or "")
        where = (config_path, "html: baseurl")
    if not given:
        return ""
    problem = _address_problem(given)
    if problem:
        raise SourceError(where[0], f"{given!r} {problem}: give the site's public address as an http:// or "
                          "https:// address of letters, digits and - . _ ~ : / @ ! $ & * + , ; = % "
                          "(e.g. https://example.org/reader/)", where[1])
    return given if given.endswith("/") else given + "/"


def _address_problem(address: str) -> str | None:
    odd = next((character for character in address if not _ADDRESS_CHARACTERS.fullmatch(character)), None)
    if odd is not None:
        return f"holds {_named(odd)}"
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or not address.startswith(f"{parts.scheme}://"):
        return "is not an http:// or https:// address of a host"
    return None


def _named(character: str) -> str:
    names = {" ": "a space", '"': "a double quote", "'": "a single quote", "<": "a <", ">": "a >"}
    return names.get(character, repr(character) if character.isprintable() else f"U+{ord(character):04X}")


# Where the student notebooks are published (`make student-notebooks` writes the folder; the launch
# buttons open it): `reader_student_repository` under `sphinx: config:`, `owner/name` or
# `owner/name@branch`.
STUDENT_BRANCH = "main"
_REPOSITORY = re.compile(r"(?P<name>[A-Za-z0-9-]+/[A-Za-z0-9._-]+)(?:@(?P<branch>[A-Za-z0-9._/-]+))?")


def split_repository(text: str) -> tuple[str, str]:
    """("owner/name", branch) of `owner/name` or `owner/name@branch` (branch `main` by default)."""
    name, _, branch = text.strip().strip("/").partition("@")
    return name, branch or STUDENT_BRANCH


def student_repository(config_path: Path) -> tuple[str, str] | None:
    """("owner/name", branch) of the student repository in `_config.yml`, or None when the setting is
    empty; a value that is not a GitHub repository (and branch) stops with a located message, since a
    publishing workflow pushes to it."""
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8")) or {}
    text = str(((config.get("sphinx") or {}).get("config") or {}).get("reader_student_repository") or "").strip()
    if not text:
        return None
    found = _REPOSITORY.fullmatch(text)
    branch = (found["branch"] or STUDENT_BRANCH) if found else ""
    if not found or ".." in text or branch.startswith(("-", "/")) or branch.endswith((".", "/")):
        raise SourceError(config_path, f"{text!r} is not a GitHub repository: give owner/name or owner/name@branch",
                          "sphinx: config: reader_student_repository")
    return split_repository(text)
