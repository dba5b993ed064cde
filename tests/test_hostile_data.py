"""No markup or script from an editorial or data file reaches a page: hostile text is fed through
every file whose words the book prints (apparatus, glossary, people, timeline, citations, data
dictionary, editor's notes, chronology, standpoints), the book is built in both editions in a
temporary copy, and real Chromium listens for dialogs and looks for elements the text would make."""

import csv
import io

import pytest
import yaml
from projects import copy_project

from readertools.__main__ import main
from readertools.exports.chromium import served

ALERT = "alert('x')"
HOSTILE = f"<script>{ALERT}</script><img src=x onerror=alert(2)> {{term}}`boom` **loud**"
# Elements the hostile text would make if it were read as markup, or as a role (`{term}`); its code span
# stays code, the one markup editorial text may use beside ¶ references.
MADE = """() => document.querySelectorAll(
        'article img[src="x"], article script:not([type="application/json"]), article [onerror]').length
    + [...document.querySelectorAll('article strong, article a')]
        .filter(e => ['loud', 'boom'].includes(e.textContent.trim())).length"""
PAGES = ["book/chapters/henry.html", "book/back/glossary.html", "book/back/people.html",
         "book/across/timeline.html", "book/back/datasets.html"]


def poison(copy):
    def yaml_file(path, change):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def apparatus(data):
        data["summary"] = f"Henry argues {HOSTILE} (¶ 1). " + data["summary"]
        data["objectives"][0] += f" {HOSTILE}"
        data["claims"][0]["text"] += f" {HOSTILE}"
        data["questions"][0]["text"] += f" {HOSTILE}"
        # One word changed: an answer may not repeat 12 words of a text students see (checks.echoes)
        data["questions"][0]["answer"] += f" {HOSTILE.replace(ALERT, ALERT.replace('x', 'y'))}"
        data["teaching_notes"] += f" {HOSTILE.replace(ALERT, ALERT.replace('x', 'z'))}"

    yaml_file(copy.apparatus_file("henry"), apparatus)
    yaml_file(copy.glossary, lambda data: data[0].update(definition=data[0]["definition"] + HOSTILE))
    yaml_file(copy.people, lambda data: data[0].update(line=data[0]["line"] + HOSTILE))
    yaml_file(copy.citations, lambda data: data["henry"][0].update(where=data["henry"][0]["where"] + HOSTILE))
    yaml_file(copy.dictionary, lambda data: data["datasets"][1].update(title=data["datasets"][1]["title"] + HOSTILE))
    yaml_file(copy.editor_notes, lambda data: next(n for n in data if n["chapter"] == "henry").update(
        problem=next(n for n in data if n["chapter"] == "henry")["problem"] + HOSTILE))
    yaml_file(copy.chronology, lambda data: data[0].update(event=data[0]["event"] + HOSTILE))
    yaml_file(copy.standpoints, lambda data: data[0].update(
        sentence=data[0]["sentence"].removesuffix(".") + " " + HOSTILE.replace(";", ",") + "."))
    rows = list(csv.DictReader(io.StringIO(copy.timeline.read_text(encoding="utf-8"))))
    rows[0]["event"] += HOSTILE
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    copy.timeline.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory):
    copy = copy_project(tmp_path_factory.mktemp("hostile-data") / "project")
    poison(copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy.root)
        assert main(["notebooks"]) == 0
        assert main(["editions"]) == 0  # both editions, as `make editions` builds them
    with served(copy.published("student")) as student, served(copy.published("instructor")) as instructor:
        yield [student, instructor]


@pytest.fixture(scope="module")
def hostile_pages(browser, hostile_sites):
    """A page open on each edition's hostile site for the module, and the messages of every dialog a
    script opened in either (one browser context each: a new context for every page load costs
    Chromium more than the load itself)."""
    dialogs, contexts = [], [browser.new_context() for _ in hostile_sites]
    pages = []
    for url, context in zip(hostile_sites, contexts, strict=True):
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        pages.append((url, page))
    yield pages, dialogs
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_from_data_files_stays_text(hostile_pages, path):
    pages, dialogs = hostile_pages
    for url, page in pages:
        dialogs.clear()
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        made = page.evaluate(MADE)
        text = page.evaluate("() => document.querySelector('article').innerText")
        assert dialogs == [], f"{url}{path}: a script ran ({dialogs})"
        assert made == 0, f"{url}{path}: the hostile text became elements"
        assert "<script>alert('x')</script><img src=x onerror=alert(2)>" in text, f"{url}{path}: text lost"
