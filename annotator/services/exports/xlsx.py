"""An Excel workbook of the claims, one row a claim (the CSV's columns), for spreadsheet users.

Every text value is written as a string cell (openpyxl would otherwise store "=..." as a
formula), and one that starts like a formula also carries Excel's quote prefix, so editing the
cell keeps it text. The sheet is written in openpyxl's write-only mode (rows go to a temporary
file, not memory), then the workbook is zipped into a temporary file that is streamed out.
"""
import tempfile

from annotator.services.exports.csv import FORMULA_STARTS, HEADER, claim_rows
from annotator.services.exports.formats import Format, Output, register

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_BYTES = 64 * 1024


def stream_xlsx(filters, lookup):
    """Yield the bytes of a workbook of every selected article's claims (openpyxl is imported
    here, at the first workbook, not at start)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("claims")
    def cell(value):
        """Return a cell that holds value as itself: numbers as numbers, text always as a string
        without the control characters XML 1.0 cannot hold (openpyxl refuses them)."""
        if value is None or isinstance(value, (int, float)):
            return value
        made = WriteOnlyCell(sheet, value=None)
        made.value, made.data_type = ILLEGAL_CHARACTERS_RE.sub("", str(value)), "s"  # after value: value= infers "f"
        if made.value.startswith(FORMULA_STARTS):
            made.quotePrefix = True
        return made

    sheet.append([cell(name) for name in HEADER])
    for page in claim_rows(filters, lookup):
        for row in page:
            sheet.append([cell(value) for value in row])
    with tempfile.TemporaryFile() as archive:
        workbook.save(archive)
        archive.seek(0)
        while chunk := archive.read(CHUNK_BYTES):
            yield chunk


def _many(filters, lookup, publisher):
    return Output(stream_xlsx(filters, lookup), MEDIA_TYPE, "xlsx")


register(Format("xlsx", 5, _many, rows=True, menu_one="Excel workbook (.xlsx)",
                menu_many=(("Excel workbook (.xlsx)", {}),)))
