"""Split canonical article text into sentences with code-point offsets."""

import re
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

TERMINATOR = re.compile(r"(?:\.{2,}|…|[.!?])+[\"”’'\)\]]*(?=\s)")
OPENERS = "\"“‘'([¿¡"
CLOSERS = "\"”’')]"
QUOTED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
# Spaces that never separate sentences: a no-break space binds "Mr.\u00a0Smith".
NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"


def split_sentences(text: str) -> list[Sentence]:
    """Split text into trimmed sentences; a line break always ends one."""
    sentences = []
    line_start = 0
    for line in text.split("\n"):
        for start, end in _sentence_spans(line):
            sentences.append(Sentence(line_start + start, line_start + end, line[start:end]))
        line_start += len(line) + 1
    return sentences


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """Return trimmed (start, end) spans of the sentences in one line."""
    cuts = [0, *_cut_positions(line), len(line)]
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        span = _trim(line, start, end)
        if span:
            spans.append(span)
    return spans


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a span to exclude whitespace at either end; None if nothing is left."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cut_positions(line: str) -> list[int]:
    """Return the positions after each sentence-ending terminator in a line."""
    protected = _protected_quotes(line)
    return [
        match.end()
        for match in TERMINATOR.finditer(line)
        if _ends_sentence(line, match) and not _inside(match.end(), protected)
    ]


def _protected_quotes(line: str) -> list[tuple[int, int]]:
    """Return quotations that must stay whole because the line attributes them."""
    quotes = [match.span() for match in QUOTED.finditer(line)]
    if len(quotes) == 1 and _trim(line, 0, len(line)) == quotes[0]:
        # A paragraph that is one bare quotation has no attribution to keep.
        return []
    return quotes


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Tell whether a cut at position would fall strictly inside one of the spans."""
    return any(start < position < end for start, end in spans)


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
    gap = re.match(r"\s*", line[position:]).group()
    if any(char in NO_BREAK_SPACES for char in gap):
        return ""
    rest = line[position + len(gap):]
    return rest.split(None, 1)[0] if rest else ""


def _word_before(line: str, position: int) -> str:
    """Return the token that ends at position (the word before a full stop)."""
    return re.search(r"[^\s\"“(\[]*$", line[:position]).group()


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
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word))
