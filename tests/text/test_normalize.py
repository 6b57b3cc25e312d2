"""Canonical text and HTML/Markdown reduction: pure functions, no app."""
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text, paragraphs


def test_line_ends_blank_lines_and_nfc():
    assert normalize_text("A\r\nb\rc\n\n\n\nD\u0301  \n") == "A\nb\nc\n\n\u00d0".replace("\u00d0", "D\u0301")


def test_composed_characters_become_nfc():
    assert normalize_text("e\u0301") == "\u00e9"


def test_control_characters_are_dropped_but_newlines_kept():
    assert normalize_text("a\x00b\x07c\u200bd\n\ne") == "abcd\n\ne"


def test_paragraph_spans():
    text = "One.\n\nTwo\nlines.\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two\nlines.", "Three."]


def test_html_drops_scripts_styles_and_attributes():
    html = '<html><head><title>x</title><style>b{}</style></head><body><p onclick="x()">Hi &amp; <i>bye</i></p>' \
           '<script>alert(1)</script><ul><li>One</li><li>Two</li></ul></body></html>'
    assert html_to_text(html) == "Hi & bye\n\nOne\n\nTwo"


def test_html_keeps_text_that_looks_like_markup_as_text():
    assert html_to_text("<p>5 &lt; 6 &amp;&amp; &lt;b&gt;</p>") == "5 < 6 && <b>"


def test_markdown_headings_links_and_bold():
    assert markdown_to_text("## Head\n\nA **b** [c](http://d) e") == "Head\n\nA b c e"


@given(st.text())
def test_normalizing_is_idempotent(raw):
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert "\r" not in once and "\n\n\n" not in once


@given(st.text())
def test_paragraphs_cover_the_text_in_order(raw):
    text = normalize_text(raw)
    spans = paragraphs(text)
    assert "\n\n".join(text[s:e] for s, e in spans) == text


@given(st.text())
def test_html_reduction_never_fails_and_is_canonical(raw):
    text = html_to_text(raw)
    assert normalize_text(text) == text
