"""Canonical article text: NFC, "\\n" line ends, paragraphs split by one blank line."""
import re
import unicodedata
from html.parser import HTMLParser

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def normalize_text(raw: str) -> str:
    """Return raw as canonical text."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
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
    return normalize_text(_MD_EMPHASIS.sub(r"\2", text))


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset(
        "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 "
        "h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )
    SKIPPED = frozenset("script style template noscript head title iframe object svg math".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            # Inside a block, source line breaks are just spaces.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> str:
    """Reduce HTML to its readable text; scripts, styles and all markup are dropped."""
    extractor = _TextExtractor()
    extractor.feed(source)
    extractor.close()
    text = "".join(extractor.parts)
    text = re.sub(r" *\n *", "\n", text)
    return normalize_text(text)
