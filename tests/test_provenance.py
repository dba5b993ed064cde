"""Every figure traceable: each dataset row's value can be read from a quotation that stands in the
paragraph it cites, or in a cited reference; and the check fails when a quotation or value is altered."""

import csv
import io
import math
import tokenize

import nbformat
import pytest

from readertools.catalogue import ROOT
from readertools.errors import SourceError
from readertools.provenance import check_dataset, check_datasets, datasets, load_texts
from readertools.quantities import dates_in, numbers_in


def test_every_dataset_row_is_traceable():
    assert check_datasets() >= 60


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
def texts():
    return load_texts()


@pytest.fixture
def membership():
    return next(path for path in datasets() if path.name == "party_membership.csv")


def test_an_altered_quotation_stops_the_check(tmp_path, texts, membership):
    altered = "in March 1921, 780,000"
    bad = rewrite(membership, tmp_path / membership.name, "quote", "baserli-1921-03", altered)
    with pytest.raises(SourceError, match=r"row 6 \(baserli-1921-03\): quotation 'in March 1921, 780,000' "
                                          r"is not in baserli ¶ 17"):
        check_dataset(bad, texts)


def test_an_altered_value_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "value", "baserli-1921-03", "780000")
    with pytest.raises(SourceError, match=r"value 780000 cannot be read from 'in March 1921, 730,000'"):
        check_dataset(bad, texts)


def test_an_altered_reference_value_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "value", "party-1919", "331766")
    with pytest.raises(SourceError, match=r"party-1919\): value 331766 cannot be read"):
        check_dataset(bad, texts)


def test_a_reference_row_without_its_citation_stops_the_check(tmp_path, texts, membership):
    bad = rewrite(membership, tmp_path / membership.name, "reference", "party-1919", "")
    with pytest.raises(SourceError, match="needs `reference` and `reference_kind`"):
        check_dataset(bad, texts)


def test_an_altered_date_stops_the_check(tmp_path, texts):
    dates = next(path for path in datasets() if path.name == "commune_dates.csv")
    bad = rewrite(dates, tmp_path / dates.name, "date", "and May 30", "1871-05-28")
    with pytest.raises(SourceError, match=r"date 1871-05-28 \(day\) cannot be read from 'and May 30'"):
        check_dataset(bad, texts)


def test_reference_rows_say_what_they_measure():
    for path in datasets():
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                if row.get("source") == "reference" and "comparable" in row:
                    assert row["measures"] and row["comparable"] in {"yes", "partly", "no"}, row


def test_no_figure_is_typed_into_a_notebook():
    """Tables and plots read their numbers from the datasets: no dataset value appears as a literal in
    notebook code (0, 1, 2 and 100 aside, which code needs for counting and percentages)."""
    values = set()
    for path in datasets():
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                values |= {float(row[c]) for c in ("value", "value_high", "days") if row.get(c)}
    assert len(values) > 40
    for notebook in sorted((ROOT / "book").rglob("*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for token in tokenize.generate_tokens(io.StringIO(cell.source).readline):
                if token.type == tokenize.NUMBER and float(token.string) not in {0, 1, 2, 100}:
                    assert float(token.string) not in values, (
                        f"{notebook.name}: {token.string} is typed into the code; read it from the data")
