"""A new source in one command: `make new-source`, then the fields it lists, then `make notebooks`
and `make book`, in a temporary copy of the project, give a complete chapter; until every
placeholder is replaced the build lists each one by file and key and publishes nothing."""

from pathlib import Path

import nbformat
import yaml
from html_text import page

from readertools.__main__ import main

FIXTURE = Path(__file__).parent / "fixtures" / "new-source.txt"
PART = "Part VI: A test part"


def run(capsys, *argv) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().err.splitlines()


def fill_in(copy):
    """What an editor writes: the catalogue entry, the apparatus and the headnote."""
    data = yaml.safe_load(copy.catalogue.read_text(encoding="utf-8"))
    data["sources"][-1].update(
        title="A short source for testing the reader", authors=["A. Tester"], venue="Not stated in the text",
        date="Not dated", genre="Test fixture", language="English", standpoint="A neutral test text.",
        provenance="Not known.",
        body={"first": "A short source for testing", "last": "The third and last paragraph"},
        bylines=["By A. Tester"])
    copy.catalogue.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    voices = yaml.safe_load(copy.voices.read_text(encoding="utf-8"))
    voices["tester"] = {"name": "Tester", "also": ["the author"]}
    copy.voices.write_text(yaml.safe_dump(voices, allow_unicode=True, sort_keys=False), encoding="utf-8")
    apparatus = {
        "chapter": "tester",
        "objectives": ["Identify what the source says of the Commune (¶ 1)."],
        "key_terms": ["Paris Commune"],
        "summary": "The author recalls the Commune (¶ 1) and gives a figure (¶ 2).",
        "claims": [{"text": "The author recalls the Commune.", "paragraphs": [1]}],
        "questions": [{"number": n, "skill": "close-reading", "paragraphs": [2], "core": True, "minutes": 5,
                       "text": f"What figure does ¶ 2 give (asked {n} times)?",
                       "answer": f"The paragraph gives 42 delegates (¶ 2), answer {n}."} for n in range(1, 5)],
        "teaching_notes": "A fixture: nothing to teach.",
        "central_question": "What does the fixture say?",
        "writing_task": {"prompt": "Say what the fixture says, and weigh one point against your claim.",
                         "evidence": "¶ 1–3.", "minutes": 10, "words": [100, 150],
                         "criteria": {"argument": "weigh one point against your claim"}},
        "organizer": "claim-evidence",
        "discussion_plan": {"opening": "Read it.", "sequence": "In order.", "stumbling_points": "None."},
    }
    copy.apparatus_file("tester").write_text(yaml.safe_dump(apparatus, allow_unicode=True), encoding="utf-8")
    notebook = nbformat.read(copy.chapter_notebook("tester"), as_version=4)
    next(cell for cell in notebook.cells if cell.id == "headnote").source = (
        "## Headnote\n\nA short text written to test the reader ([¶ 1](#tester-p-1)).")
    nbformat.write(notebook, copy.chapter_notebook("tester"))


def test_a_new_source_in_one_command_then_a_complete_chapter(copy, capsys, catalogue):
    code, _ = run(capsys, "new-source", "--seed", str(FIXTURE), "--id", "tester", "--part", PART)
    assert code == 0
    toc = yaml.safe_load(copy.toc.read_text(encoding="utf-8"))
    assert {"caption": PART, "numbered": 1, "chapters": [{"file": "book/chapters/tester"}]} in toc["parts"]

    code, errors = run(capsys, "build")
    assert code == 2 and not copy.published("student").exists()
    unfinished = {line.removeprefix("error: ").partition(": still to be filled in")[0].split(", line ")[0]
                  for line in errors if "still to be filled in" in line}
    assert unfinished == {
        *(f"book/sources.yml, sources[{len(catalogue.sources)}] (id: tester).{key}" for key in
          ("title", "authors[0]", "venue", "date", "genre", "language", "standpoint", "provenance", "body.first",
           "body.last")),
        *(f"book/apparatus/tester.yml, {key}" for key in
          ("objectives[0]", "key_terms[0]", "summary", "claims[0].text", "teaching_notes", "central_question",
           "writing_task.prompt", "writing_task.evidence", "writing_task.criteria.argument",
           "discussion_plan.opening", "discussion_plan.sequence",
           "discussion_plan.stumbling_points",
           *(f"questions[{i}] (number: {i + 1}).{key}" for i in range(4) for key in ("text", "answer")))),
        "book/chapters/tester.ipynb, cell 'headnote'",
        "book/voices.yml, tester.name",
    }
    assert errors[-1] == f"{len(errors) - 1} problems; nothing was built or published."

    fill_in(copy)
    assert run(capsys, "notebooks")[0] == 0
    code, errors = run(capsys, "build")
    assert code == 0, errors
    site = copy.published("student")
    chapter = page(site / "book" / "chapters" / "tester.html")
    assert [p.get_text(" ", strip=True)[:20] for p in chapter.select("article .para")] == [
        "1 The first paragrap", "2 The second paragra", "3 The third and last"]
    assert "42 delegates" in chapter.select_one("#p-2").get_text()
    nav = [a.get_text(" ", strip=True) for a in page(site / "book" / "intro.html").select("nav.bd-docs-nav a")]
    numbered = [e for p in toc["parts"] if p.get("numbered") for e in p["chapters"]]
    number = numbered.index({"file": "book/chapters/tester"}) + 1
    assert f"{number}. A short source for testing the reader" in nav
    assert "tester.csv" in (site / "book" / "back" / "datasets.html").read_text(encoding="utf-8")
    body = FIXTURE.read_text(encoding="utf-8").split("\n")[2:6]  # byline and paragraphs, not title or debris
    assert f"Length: {sum(len(line.split()) for line in body)} words, 3 numbered paragraphs." in chapter.get_text()
    assert "Reading time: about 1 minute at 200 words a minute." in chapter.get_text()  # 43 words: not "0 minutes"
    assert "Left out as web debris: line 1 before the body; line 7 after it." in " ".join(chapter.get_text().split())
    assert not any("TODO" in path.read_text(encoding="utf-8") for path in site.rglob("*.html"))


def test_new_source_refuses_a_used_id_and_writes_nothing(copy, capsys):
    before = copy.catalogue.read_text(encoding="utf-8")
    code, errors = run(capsys, "new-source", "--seed", str(FIXTURE), "--id", "henry", "--part", PART)
    assert code == 2 and errors == ["error: book/sources.yml: id 'henry' is already used"]
    assert copy.catalogue.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in copy.seeds.iterdir()) == sorted(p.name for p in Path("seeds").iterdir())
