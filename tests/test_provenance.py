"""Every figure traceable: each dataset row's value can be read from a quotation that stands in the
paragraph it cites, or in a cited reference; and the check fails when a quotation or value is altered."""

import csv
import io
import math
import re
import tokenize

import pytest

from readertools.checks.figures import check_dataset, check_datasets
from readertools.errors import SourceError
from readertools.schema import read_csv
from readertools.text.quantities import dates_in, numbers_in
from readertools.text.texts import chapter_texts


def test_every_dataset_row_is_traceable(book, texts):
    assert check_datasets(book.datasets, texts) >= 60


@pytest.mark.parametrize(("quote", "value"), [
    ("to 1.25 million in 1921", 1_250_000), ("after 2.5million people died", 2_500_000),
    ("by one third", 33.3), ("fallen by more than half", 50), ("only one-eighth that of 1912", 12.5),
    ("had fourteen members", 14), ("'eve Revolution' 240.000", 240_000), ("sugar at 5.8%", 5.8),
    ("five million soldiers", 5_000_000), ("1917 Russian Communist Party 172,625", 172_625),
])
def test_values_are_read_from_the_words(quote, value):
    assert any(math.isclose(value, n, rel_tol=1e-3, abs_tol=0.05) for n in numbers_in(quote))


def test_dates_are_read_from_the_words():
    assert dates_in("(March 18th, 1871 - May 28th, 1871)") == [(1871, 3, 18), (1871, 5, 28)]
    assert (None, 5, 30) in dates_in("between March 26 and May 30")
    assert (1871, 5, 28) in dates_in("from 18 March until 28 May 1871")


def rewrite(source, target, column, figure, new):
    with source.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        if row.get("figure") == figure or row.get("quote") == figure:
            row[column] = new
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.fixture(scope="module")
def texts(book):
    return chapter_texts(book.chapters)


@pytest.fixture
def membership(project):
    return project.data / "party_membership.csv"


def problems(path, texts) -> str:
    """Every message the schema and the provenance check give for one dataset file."""
    try:
        rows = read_csv(path, "dataset-row")
    except SourceError as error:
        return str(error)
    return "\n".join(map(str, check_dataset(path, rows, texts)))


def test_an_altered_quotation_stops_the_check(tmp_path, texts, membership):
    altered = "in March 1921, 780,000"
    bad = rewrite(membership, tmp_path / membership.name, "quote", "baserli-1921-03", altered)
    assert re.search(r"row 6 \(baserli-1921-03\): quotation 'in March 1921, 780,000' is not in baserli ¶ 17",
                     problems(bad, texts))


def test_an_altered_value_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "value", "baserli-1921-03", "780000")
    assert "value 780000 cannot be read from '730,000' (it states 730,000)" in problems(bad, texts)


def test_an_altered_reference_value_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "value", "party-1919", "331766")
    assert re.search(r"party-1919\): value 331766 cannot be read", problems(bad, texts))


def test_a_reference_row_without_its_citation_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "reference", "party-1919", "")
    assert re.search(r"row \d+ \(party-1919\), reference: expected non-empty text, got ''$", problems(bad, texts))


def test_an_altered_date_stops_the_check(tmp_path, texts, project):
    dates = project.data / "commune_dates.csv"
    bad = rewrite(dates, tmp_path / dates.name, "date", "and May 30", "1871-05-28")
    assert "date 1871-05-28 (day) cannot be read from 'and May 30'" in problems(bad, texts)


@pytest.mark.parametrize(("content", "message"), [
    ("figure,value,source,quote\nx,12 000,text,a\n", ("row 2 (x), value: expected a number such as 12000 or 2.4 "
                                                      "(no separators), or nothing, got '12 000'")),
    ("figure,value,source,quote\nx,1,text\n", "row 2 (x): has 3 fields, the header has 4"),
    ("figure,colour,source,quote\nx,red,text,a\n", ("row 1: unknown column(s) 'colour' (the columns are "
                                                    "described in dataset-row.schema.yml)")),
    ("figure,date,source,quote\nx,1871-13,text,a\n", ("row 2 (x), date: expected an ISO date (YYYY, YYYY-MM or "
                                                     "YYYY-MM-DD), or nothing, got '1871-13'")),
    ("figure,source,quote\nx,txt,a\n", "row 2 (x), source: expected `text` or `reference`, got 'txt'"),
])
def test_a_malformed_dataset_gives_a_located_message(tmp_path, texts, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert f"{path}, {message}" in problems(path, texts).splitlines()


def test_an_excel_csv_is_read_or_refused_with_its_line(tmp_path, texts, membership):
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + membership.read_bytes())
    assert problems(with_bom, texts) == ""  # Excel's UTF-8 byte-order mark is harmless
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(membership.read_bytes().replace("“".encode(), "“".encode("cp1252")))
    assert problems(cp1252, texts).startswith(f"{cp1252}, line ")
    assert "not valid UTF-8 (byte " in problems(cp1252, texts) and "save the file as UTF-8" in problems(cp1252, texts)


def test_reference_rows_say_what_they_measure(book):
    for path in book.datasets:
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                if row.get("source") == "reference" and "comparable" in row:
                    assert row["measures"] and row["comparable"] in {"yes", "partly", "no"}, row


LAYOUT = re.compile(r"figsize=\([^)]*\)|textwrap\.(?:fill|wrap)\([^()]*\)|Locator\([\d.]+\)"
                    r"|\b(?:fontsize|labelsize|rotation|linewidth|markersize|ncols?|pad|dpi|width)=[\d.]+")


def _in_layout(token) -> bool:
    """Whether a number sets a plot's layout (its size in inches, a label's wrapping width, a font size,
    the years between ticks), not a figure."""
    return any(found.start() <= token.start[1] < found.end() for found in LAYOUT.finditer(token.line))


def test_no_figure_is_typed_into_a_notebook(book):
    """Tables and plots read their numbers from the datasets: no dataset value appears as a literal in
    notebook code (0, 1, 2 and 100 aside, which code needs for counting and percentages, and the numbers
    that set a plot's layout)."""
    values = set()
    for path in book.datasets:
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                values |= {float(row[c]) for c in ("value", "value_high", "days") if row.get(c)}
    assert len(values) > 40
    for notebook, content in sorted(book.notebooks.items()):
        for cell in content.cells:
            if cell.cell_type != "code":
                continue
            for token in tokenize.generate_tokens(io.StringIO(cell.source).readline):
                if token.type == tokenize.NUMBER and float(token.string) not in {0, 1, 2, 100} \
                        and not _in_layout(token):
                    assert float(token.string) not in values, (
                        f"{notebook.name}: {token.string} is typed into the code; read it from the data")


def test_a_value_near_its_quotation_is_not_enough(tmp_path, texts, membership):
    """730,001 for the quotation's 730,000 (within 0.1 %) is refused: the value is the number stated."""
    bad = rewrite(membership, tmp_path / membership.name, "value", "baserli-1921-03", "730001")
    assert "value 730001 cannot be read from '730,000' (it states 730,000)" in problems(bad, texts)


def test_a_figures_date_must_be_stated_by_its_quotation_or_period(tmp_path, texts, project):
    soviets = project.data / "soviets_1917.csv"
    bad = rewrite(soviets, tmp_path / soviets.name, "date", "henry-soviets-10", "1917-09")
    assert re.search(r"row \d+ \(henry-soviets-10\): date 1917-09 is stated neither by the quotation nor by the "
                     r"period .*; say in `date_basis` how it is inferred", problems(bad, texts))
    assert problems(rewrite(soviets, tmp_path / "ok.csv", "date", "henry-soviets-10", "1917-10"), texts) == ""


def test_a_quotation_with_several_numbers_names_the_words_of_its_figure(tmp_path, texts, project):
    cities = project.data / "working_class_cities.csv"
    unnamed = rewrite(cities, tmp_path / "unnamed.csv", "stated", "moscow-1920", "")
    assert re.search(r"row \d+ \(moscow-1920\): the quotation .* states several numbers \(1, 26, 1,917, 1,920, "
                     r"1,028,000, 2,017,000\): give in `stated` the words of this figure", problems(unnamed, texts))
    other = rewrite(cities, tmp_path / "other.csv", "stated", "moscow-1920", "2,017,000")
    assert "value 1028000 cannot be read from '2,017,000' (it states 2,017,000)" in problems(other, texts)
    absent = rewrite(cities, tmp_path / "absent.csv", "stated", "moscow-1920", "1,028,001")
    assert "stated '1,028,001' is not in the quotation" in problems(absent, texts)
