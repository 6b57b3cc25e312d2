"""Canonical text: NFC, "\\n" line ends, paragraphs split by one blank line.

Every function here is linear in its input: the patterns are character classes or anchored
runs that cannot backtrack, and everything that pairs delimiters (Markdown emphasis and links,
HTML tags) is a single left-to-right scan that never looks at a character twice.
"""
import re
import unicodedata
from bisect import bisect_left
from html import unescape

# C0/C1 controls but "\n", line/paragraph separators (turned into line ends first), and invisible
# characters that make the page differ from the export: zero-width space and BOM, and the bidi
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which reverse what is shown.
# Kept on purpose: ZWJ/ZWNJ (U+200D/U+200C), which emoji and Indic or Persian spelling need, and
# LRM/RLM/ALM (U+200E/U+200F/U+061C), which right-to-left text uses to place punctuation and which
# cannot reverse a run of letters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200b\ufeff\u202a-\u202e\u2066-\u2069]"
)
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_SPACE = " \u00a0"
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
# A link's text and target stop at the next bracket, so a failed attempt never scans past the
# place where the next attempt starts; a target may hold one level of parentheses
# ("javascript:alert(1)"), each branch starting on a different character, so nothing backtracks.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*+)\]\((?:[^()\[\]\n]++|\([^()\[\]\n]*+\))*+\)")
_EMPHASIS_MARKS = ("**", "__")


def strip_invisible(text: str) -> str:
    """Return text without the controls and invisible characters normalize_text removes (bidi
    overrides and isolates, zero-width space, BOM, C0/C1 controls but tab, line feed and carriage return):
    for one-line fields and notes, which are not canonical text but are shown and exported."""
    return _INVISIBLE.sub("", text)


def normalize_text(raw: str) -> str:
    """Return raw as canonical text."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text.replace("\t", " "))
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip(_LINE_SPACE) for line in text.split("\n"))
    text = _EXTRA_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) code-point span of each paragraph of canonical text."""
    spans, start = [], 0
    for match in re.finditer(r"\n\n", text):
        spans.append((start, match.start()))
        start = match.end()
    if text:
        spans.append((start, len(text)))
    return spans


def markdown_to_text(source: str) -> str:
    """Drop the Markdown markup an article is likely to carry, keep its words."""
    text = _MD_HEADING.sub("", source)
    text = _MD_LINK.sub(r"\1", text)
    return normalize_text(_without_emphasis(text))


def _without_emphasis(text: str) -> str:
    """Replace **x** and __x__ by x: an opener before a non-space, closed by the next same mark
    on its line that follows a non-space (what `(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1` did, in one pass)."""
    marks = _mark_positions(text)
    closers = {mark: [at for at, found in marks if found == mark and at and not text[at - 1].isspace()]
               for mark in _EMPHASIS_MARKS}
    line_ends = [match.start() for match in re.finditer("\n", text)]
    pieces, done = [], 0
    for opener, mark in marks:
        if opener < done or opener + 2 >= len(text) or text[opener + 2].isspace():
            continue
        closer = _first_at_or_after(closers[mark], opener + 3)
        line_end = _first_at_or_after(line_ends, opener)
        if closer is None or (line_end is not None and line_end < closer):
            continue
        pieces += [text[done:opener], text[opener + 2:closer]]
        done = closer + 2
    pieces.append(text[done:])
    return "".join(pieces)


def _mark_positions(text: str) -> list[tuple[int, str]]:
    """Return every (position, mark) where an emphasis mark starts, overlapping ones included."""
    found = []
    for mark in _EMPHASIS_MARKS:
        at = text.find(mark)
        while at >= 0:
            found.append((at, mark))
            at = text.find(mark, at + 1)
    return sorted(found)


def _first_at_or_after(positions: list[int], low: int):
    index = bisect_left(positions, low)
    return positions[index] if index < len(positions) else None
_BLOCKS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIPPED = frozenset("script style template noscript head title iframe object svg math".split())
# Elements whose content is raw text up to their own end tag, as browsers read them.
_RAW_TEXT = frozenset("script style".split())
_RAW_TEXT_END = {name: re.compile(rf"</{name}(?![^\s/>])", re.IGNORECASE) for name in _RAW_TEXT}
# A tag runs to its ">" or, unclosed, to the end of the input (as an HTML5 tokenizer reads it):
# every branch is possessive and starts on a different character, so a tag is one pass.
_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\r\f />\x00]*+)(?:[^>\"']++|\"[^\"]*+\"?|'[^']*+'?)*+>?")
_COMMENT_END = "-->"
_SPACES = re.compile(r"\s+")


def html_to_text(source: str) -> str:
    """Reduce HTML to its readable text; scripts, styles and all markup are dropped."""
    parts, skipping = [], 0
    for kind, value in _html_tokens(source):
        if kind == "text":
            if not skipping:
                # Inside a block, source line breaks are just spaces.
                parts.append(_SPACES.sub(" ", unescape(value)))
        elif value in _SKIPPED:
            skipping = skipping + 1 if kind == "start" else max(0, skipping - 1)
        elif value == "br" and kind == "start":
            parts.append("\n")
        elif value in _BLOCKS:
            parts.append("\n\n")
    text = "".join(parts)
    return normalize_text("\n".join(line.strip(" ") for line in text.split("\n")))


def _html_tokens(source: str):
    """Yield ("text", data), ("start", tag) and ("end", tag) in one left-to-right pass.

    Comments, doctypes and processing instructions are dropped; an unclosed one ends the input,
    as in a browser; a "<" that starts nothing is text. A self-closing tag yields start and end.
    """
    at, size = 0, len(source)
    while at < size:
        lt = source.find("<", at)
        if lt < 0:
            yield "text", source[at:]
            return
        if lt > at:
            yield "text", source[at:lt]
        at = yield from _markup_at(source, lt)


def _markup_at(source: str, lt: int):
    """Yield the tokens of the markup starting at source[lt] == "<"; return where it ends."""
    if source.startswith("<!--", lt):
        end = source.find(_COMMENT_END, lt + 4)
        return len(source) if end < 0 else end + len(_COMMENT_END)
    if source.startswith(("<!", "<?", "</"), lt) and not _TAG.match(source, lt):
        end = source.find(">", lt)  # a declaration or a bogus comment
        return len(source) if end < 0 else end + 1
    tag = _TAG.match(source, lt)
    if not tag:
        yield "text", "<"
        return lt + 1
    name = tag.group(2).lower()
    if tag.group(1):
        yield "end", name
        return tag.end()
    yield "start", name
    if tag.group().endswith("/>"):
        yield "end", name
    elif name in _RAW_TEXT:
        yield "end", name
        return _raw_text_end(source, tag.end(), name)
    return tag.end()


def _raw_text_end(source: str, at: int, name: str) -> int:
    """Return where the raw text of a script or style ends, after its end tag (or the input)."""
    closing = _RAW_TEXT_END[name].search(source, at)
    if not closing:
        return len(source)
    return _TAG.match(source, closing.start()).end()
