"""Spreadsheet cells that stay text: CSV cells that no split (on , ; TAB or a line break) turns
into a formula, and .xlsx cells that are strings, never formulas."""
import csv
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from annotator.services.exports.bundles import ExportFilters
from annotator.services.exports.lookup import Lookup
from annotator.services.exports.csv import FORMULA_STARTS, neutralise, stream_csv
from annotator.services.exports.xlsx import stream_xlsx

SEPARATORS = (",", ";", "\t", "\r", "\n")
DANGEROUS = ["x;=1+1;y", "=HYPERLINK(\"http://x\")", "a,+1", "a\t@SUM(A1)", "1;-2", 'q;"=1+1"', "x\n=cmd|' /C calc'!A0",
             "  ; =1", "\t=1"]
# Text made of what matters here: formula starts, separators, spaces, quotes and letters.
cells = st.text(st.sampled_from(list("=+-@\t\r\n,; \"'ax1")), max_size=40) | st.sampled_from(DANGEROUS)


def fields(text):
    """Every field a spreadsheet could see in a cell's text, splitting on any one separator,
    with the spaces and quote marks an import may trim."""
    for separator in SEPARATORS:
        for field in text.split(separator):
            yield field.lstrip(' "')


@settings(max_examples=500, deadline=None)
@given(value=cells)
def test_no_split_of_a_csv_cell_starts_a_formula(value):
    safe = neutralise(value)
    assert not [f for f in fields(safe) if f.startswith(FORMULA_STARTS)], repr(safe)
    assert safe.replace("'", "") == value.replace("'", "")  # only quote marks were added


def test_the_csv_file_quotes_every_cell_and_splits_to_no_formula(app, make_article, make_claim):
    article = make_article(text="The council spent $4 million on roads in 2023, the mayor said.")
    for value in DANGEROUS:
        make_claim(article, quote="$4 million", notes=value, claimant=value)
    body = "".join(stream_csv(ExportFilters(article_ids=(article.id,)), Lookup.load()))
    for line in body.splitlines():
        for separator in (";", "\t"):
            assert not [f for f in line.split(separator) if f.lstrip(' "').startswith(FORMULA_STARTS)], line
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert {row[10] for row in rows[1:]} == {neutralise(v) for v in DANGEROUS}


def xlsx_bytes(article_id):
    return b"".join(stream_xlsx(ExportFilters(article_ids=(article_id,)), Lookup.load()))


def test_xlsx_text_cells_are_strings_never_formulas(app, make_article, make_claim):
    article = make_article(text="The council spent $4 million on roads in 2023, the mayor said.")
    for value in DANGEROUS:
        make_claim(article, quote="$4 million", notes=value, claimant=value)
    data = xlsx_bytes(article.id)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "article_id"
    assert {row[10] for row in rows[1:]} == set(DANGEROUS)  # the text itself, no quote mark added
    assert all(isinstance(row[2], int) for row in rows[1:])  # ids stay numbers


def test_xlsx_cells_that_look_like_formulas_are_marked_as_text(app, make_article, make_claim):
    article = make_article(text="The council spent $4 million on roads in 2023, the mayor said.")
    make_claim(article, quote="$4 million", notes="=1+1")
    cell = load_workbook(io.BytesIO(xlsx_bytes(article.id))).active["K2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
