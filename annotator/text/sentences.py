"""Split canonical article text into sentences with code-point offsets."""

import re
from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: ``text[start:end] == sentence.text``."""

    start: int
    end: int
    text: str


# Always abbreviations: a full stop after them never ends a sentence.
TITLES = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev mt ft "
    "hon pres supt insp messrs mme mlle vs al approx dept univ".split()
)
# Abbreviations that also often end a sentence ("Downing St.", "Acme Inc.").
SENTENCE_FINAL = frozenset("st ave rd blvd jr sr etc inc ltd corp co bros est".split())
# Abbreviations only when a number follows ("No. 10", "Jan. 5", "p. 12").
BEFORE_NUMBERS = frozenset(
    "no nos jan feb mar apr jun jul aug sep sept oct nov dec p pp vol art fig ch sec para".split()
)
# Capitalised words that start a sentence after an initialism like "U.S.".
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her its their our "
    "but and yet so however meanwhile in on at for if when while as after before since "
    "what who why how where mr mrs ms dr".split()
)

# A run of terminators, then closing quotes or brackets, before a space. Matches start only where
# a run starts and are possessive, so a long run of punctuation is read once.
TERMINATORS = ".!?…"
TERMINATOR = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'\)\]]*+(?=\s)")
OPENERS = "\"“‘'([¿¡"
CLOSERS = "\"”’')]"
# What a word before a full stop cannot contain (see _word_before).
WORD_BEFORE_STOPS = "\"“(["
SPACES = re.compile(r"\s*+")
INITIALISM = re.compile(r"(?:[A-Za-z]\.)++[A-Za-z]|[A-Z]")
WORD = re.compile(r"\S++")
QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")
# Square brackets hold an editorial note or an insertion; they are never split.
BRACKETED = re.compile(r"\[[^\[\]]*\]")
# A blank line (maybe holding spaces) separates paragraphs; it always ends a sentence.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# A line ending in one of these continues on the next line ("the council\nsaid ...").
CONTINUATIONS = frozenset(
    "a an the of to in on at by for with from into about and or but nor that which who whose "
    "as than said says told if is are was were be been has have had will would can could "
    "this these its their his her our my your".split()
)
BULLETS = "-*•–—"
MAX_SENTENCE_CHARS = 2000
HEADLINE_MAX = 100
# In a hard-wrapped paragraph, lines this long (and this close to the longest) are wrapped.
WRAPPED_MIN, WRAPPED_SHARE = 40, 0.7
# Spaces that never separate sentences: a no-break space binds "Mr.\u00a0Smith".
NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"
NO_BREAK = re.compile(f"[{NO_BREAK_SPACES}]")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into trimmed sentences; a blank line always ends one, a single line
    break only after a sentence end or a headline-like line (see _line_cuts)."""
    sentences = []
    for block_start, block in _paragraphs(text):
        for start, end in _sentence_spans(block):
            sentences.append(Sentence(block_start + start, block_start + end, block[start:end]))
    return sentences


def most_sentences(text: str) -> int:
    """Return a bound that split_sentences(text) never exceeds, in a few scans of the text: a
    sentence ends at a terminator, a line break, or a cut of a span past MAX_SENTENCE_CHARS
    (each at least half of that long)."""
    ends = sum(text.count(c) for c in TERMINATORS) + text.count("\n")
    return ends + len(text) // (MAX_SENTENCE_CHARS // 2) + 1


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Return (offset, text) of the blocks between blank lines."""
    blocks, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        blocks.append((start, text[start : match.start()]))
        start = match.end()
    blocks.append((start, text[start:]))
    return blocks


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """Return trimmed (start, end) spans of the sentences in one paragraph."""
    protected = _protected_quotes(line)
    ends = {*_cut_positions(line), *_line_cuts(line)}
    cuts = [0, *sorted(end for end in ends if not any(_inside(end, spans) for spans in protected)), len(line)]
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        span = _trim(line, start, end)
        if span:
            spans += _bounded(line, *span)
    return spans


def _bounded(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE_CHARS at the last space before each limit.

    No real sentence is that long; a run without a full stop (a table, a list, a paste gone
    wrong) is cut, so that nothing that reads a sentence ever costs more than a bounded amount.
    """
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = _last_space(line, start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        pieces.append(_trim(line, start, cut))
        start = _trim(line, cut, end)[0]
    return pieces + [(start, end)]


def _last_space(line: str, low: int, high: int) -> int:
    """Return the position of the last space in line[low:high], or high when there is none."""
    at = high
    while at > low and not line[at - 1].isspace():
        at -= 1
    return at if at > low else high


def _line_cuts(block: str) -> list[int]:
    """Return the line breaks of a paragraph that end a headline, byline or list item."""
    lines = block.split("\n")
    if len(lines) < 2:
        return []
    width = max(len(line.strip()) for line in lines[:-1])
    cuts, position = [], 0
    for line, following in zip(lines, lines[1:]):
        position += len(line) + 1
        if _ends_at_line_break(line.strip(), following.strip(), width):
            cuts.append(position - 1)
    return cuts


def _ends_at_line_break(line: str, following: str, width: int) -> bool:
    """Tell whether a line without a sentence end is a unit of its own (a headline)."""
    if not line or not following or len(line) >= HEADLINE_MAX:
        return False
    if following[0] in BULLETS:
        return True
    if not _starts_sentence(following) or _ends_with_terminator(line):
        return False  # a line that ends in a full stop is left to _cut_positions
    last_word = line.split()[-1]
    if line[-1] in ",;:(&/" or last_word.lower() in CONTINUATIONS:
        return False
    return not _looks_wrapped(line, width)


def _ends_with_terminator(line: str) -> bool:
    """Tell whether a line ends in a sentence terminator, maybe followed by closing marks."""
    bare = line.rstrip(CLOSERS)
    return bool(bare) and bare[-1] in TERMINATORS


def _looks_wrapped(line: str, width: int) -> bool:
    """Tell whether a line is as long as the paragraph's wrapped lines."""
    return len(line) >= WRAPPED_MIN and len(line) >= WRAPPED_SHARE * width


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a span to exclude whitespace at either end; None if nothing is left."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cut_positions(line: str) -> list[int]:
    """Return the positions after each sentence-ending terminator in a line."""
    return [match.end() for match in TERMINATOR.finditer(line) if _ends_sentence(line, match)]


def _protected_quotes(line: str) -> list[list[tuple[int, int]]]:
    """Return bracketed notes, and quotations that must stay whole because the line attributes them:
    two lists of spans, each in order and without overlaps (what _inside needs)."""
    brackets = [match.span() for match in BRACKETED.finditer(line)]
    quotes = [match.span() for match in QUOTED.finditer(line)]
    if len(quotes) == 1 and _trim(line, 0, len(line)) == quotes[0]:
        # A paragraph that is one bare quotation has no attribution to keep.
        return [brackets]
    return [brackets, quotes]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Tell whether a cut at position falls strictly inside one of spans (ordered, not overlapping)."""
    index = bisect_left(spans, (position,)) - 1
    return index >= 0 and spans[index][0] < position < spans[index][1]


def _ends_sentence(line: str, match: re.Match) -> bool:
    """Decide whether a terminator followed by whitespace ends the sentence."""
    following = _next_word(line, match.end())
    if not following or not _starts_sentence(following):
        return False
    if match.group().rstrip(CLOSERS) == ".":
        return not _is_abbreviation(_word_before(line, match.start()), following)
    return True


def _starts_sentence(word: str) -> bool:
    """Tell whether a word can open a sentence (capital, digit or opening quote)."""
    first = word[0]
    return first.isupper() or first.isdigit() or first in OPENERS


def _next_word(line: str, position: int) -> str:
    """Return the word after position, unless a no-break space binds it to what precedes."""
    gap = SPACES.match(line, position)
    if NO_BREAK.search(line, position, gap.end()):
        return ""
    word = WORD.match(line, gap.end())
    return word.group() if word else ""


def _word_before(line: str, position: int) -> str:
    """Return the token that ends at position (the word before a full stop)."""
    start = position
    while start > 0 and not line[start - 1].isspace() and line[start - 1] not in WORD_BEFORE_STOPS:
        start -= 1
    return line[start:position]


def _is_abbreviation(word: str, following: str) -> bool:
    """Tell whether "word." is an abbreviation rather than the end of a sentence."""
    bare = word.lower().lstrip("(")
    if bare in TITLES:
        return True
    if bare in BEFORE_NUMBERS:
        return following[0].isdigit()
    if bare in SENTENCE_FINAL or _is_initialism(word):
        # Initialisms ("U.S.") and initials ("J. Smith") end a sentence only
        # before a word that usually starts one.
        return following.strip(OPENERS).lower() not in SENTENCE_STARTERS
    return False


def _is_initialism(word: str) -> bool:
    """Tell whether a word is an initialism ("U.S") or an initial ("J")."""
    return INITIALISM.fullmatch(word) is not None
