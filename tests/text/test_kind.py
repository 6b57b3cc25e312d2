"""Telling an article from a program or data pasted by mistake, and decoding legacy files."""
import pytest

from annotator.text.decoding import decode_upload
from annotator.text.kind import looks_like

STORY = ("The council spent $4 million on roads in 2023, officials said.\n\n"
         "Critics called it a waste; the mayor disagreed.\n\nHe said: “We will see.”")


@pytest.mark.parametrize("text", [
    STORY,
    "Short.",
    "A list of figures:\n\n- roads: $4 million\n- schools: $2 million\n- parks (new): $1 million",
    "[Updated] The council met again on Monday.",
])
def test_articles_look_like_articles(text):
    assert looks_like(text) == "article"


@pytest.mark.parametrize("text, kind", [
    ("import os\n\ndef main():\n    return os.getcwd()\n\nmain()\n", "program"),
    ("function total(rows) {\n  let sum = 0;\n  for (const r of rows) sum += r;\n  return sum;\n}\n", "program"),
    ("#include <stdio.h>\nint main(void) {\n  printf(\"hi\");\n}\n", "program"),
    ('{"articles": []}', "json"),
    ("[1, 2, 3]", "json"),
])
def test_programs_and_data_are_told_apart(text, kind):
    assert looks_like(text) == kind


def test_deep_brackets_are_not_json_and_cost_no_recursion():
    assert looks_like("[" * 100_000) == "article"


@pytest.mark.parametrize("text, encoding", [
    ("The café’s owner said prices rose – by €4 “at least”.", "cp1252"),
    ("Café prices rose.", "latin-1"),
    ("The naïve coöperation of São Paulo’s council…\n\nIt spent 4 million.", "cp1252"),
    ("Бюджет города вырос на четырнадцать процентов в прошлом году.", "cp1251"),
    ("Budżet miasta wzrósł o czternaście procent, zażółć gęślą jaźń.", "cp1250"),
    ("Any text at all, even Ω and 🙂.", "utf-16"),
    ("Any text at all, even Ω and 🙂.", "utf-8-sig"),
])
def test_legacy_encodings_are_decoded(text, encoding):
    assert decode_upload(text.encode(encoding)) == text


@pytest.mark.parametrize("data", [b"%PDF-1.4\n\x00\x01\xe2", b"PK\x03\x04\x00\x00", bytes(range(256))])
def test_binary_files_are_not_text(data):
    assert decode_upload(data) is None
