"""The search box's little language, and highlighted snippets, as pure functions.

A query is words (all must appear), "a phrase", -word or -"a phrase" (must not appear) and
OR between two terms (either may appear). It is parsed here, once, and each backend renders
the parsed terms as bound values, so no character a user types ever reaches FTS5's or
PostgreSQL's own query syntax.

Words are runs of letters and digits, as SQLite's unicode61 tokenizer and the index's
PostgreSQL expression both split them; matching ignores case (and, for the snippets and
SQLite, diacritics).
"""
import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 32
# A run of letters or digits; one character class, so the scan is linear and cannot backtrack.
WORD = re.compile(r"[^\W_]+")
SNIPPET_CHARS = 240
SNIPPET_LEAD = 70


class QueryError(ValueError):
    """The query cannot be searched; the message says what to change."""


@dataclass(frozen=True)
class Term:
    words: tuple  # a phrase of one or more words, as typed
    negated: bool = False


@dataclass(frozen=True)
class Query:
    # Every group must match; a group matches when any of its terms does.
    groups: tuple  # of tuples of Term
    excluded: tuple  # of Term

    @property
    def needles(self):
        """The folded words to highlight."""
        return frozenset(fold(w) for group in self.groups for term in group for w in term.words)


def fold(word):
    """Return word without case or diacritics, the form matching compares."""
    folded = word.casefold()
    if folded.isascii():
        return folded  # the common case, without the cost of decomposing
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pieces(raw):
    """Yield (text, quoted, negated) for each unquoted word or quoted phrase, left to right."""
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        negated = raw[i] == "-"
        j = i + 1 if negated else i
        if j < n and raw[j] == '"':
            end = raw.find('"', j + 1)
            end = n if end < 0 else end
            yield raw[j + 1:end], True, negated
            i = end + 1
            continue
        end = j
        while end < n and not raw[end].isspace():
            end += 1
        yield raw[j:end], False, negated
        i = end


def parse_query(raw):
    """Return the Query in raw, or raise QueryError when it holds nothing to find."""
    groups, excluded, join_next, after_positive = [], [], False, False
    for text, quoted, negated in _pieces(raw):
        if text == "OR" and not quoted and not negated:
            join_next = after_positive  # OR joins two terms to find; a stray OR is dropped
            continue
        words = tuple(WORD.findall(text))
        if not words:
            continue
        term = Term(words, negated)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1] = groups[-1] + (term,)
        else:
            groups.append((term,))
        join_next, after_positive = False, not negated
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise QueryError(f"Use at most {MAX_TERMS} words or phrases.")
    if not groups:
        raise QueryError("Give at least one word to find (letters or digits; a -word only excludes).")
    return Query(tuple(groups), tuple(excluded))


def fts5_match(query):
    """Render query for SQLite FTS5 MATCH: every word inside a double-quoted string."""
    def phrase(term):
        return '"' + " ".join(term.words).replace('"', '""') + '"'
    positive = " AND ".join("(" + " OR ".join(phrase(t) for t in group) + ")" for group in query.groups)
    if query.excluded:
        positive = f"({positive}) NOT ({' OR '.join(phrase(t) for t in query.excluded)})"
    return positive


def websearch_phrase(term):
    """Render one term for PostgreSQL's websearch_to_tsquery: a quoted phrase of plain words."""
    return '"' + " ".join(term.words) + '"'


# --- snippets ------------------------------------------------------------------------------

def highlight(text, needles, limit=None):
    """Return text (or a window of it, at most `limit` characters) as (piece, is_match) pairs.

    The caller escapes each piece; nothing here builds markup.
    """
    limit = limit or SNIPPET_CHARS
    words = WORD.finditer(text)
    first = next((m for m in words if fold(m.group()) in needles), None)
    start = 0
    if first is not None and first.end() > limit:
        start = _word_start(text, max(0, first.start() - SNIPPET_LEAD))
    while start < len(text) and text[start].isspace():
        start += 1  # an empty byline or outlet leaves blank lines at an article's start
    end = min(len(text), start + limit)
    if end < len(text):
        end = _word_end(text, end)
    return _pieces_of(text, start, end, needles)


def _word_start(text, at):
    """Move at forward to the start of a word, so a window never opens mid-word."""
    match = WORD.search(text, at)
    if match and at and match.start() == at and text[at - 1].isalnum():
        match = WORD.search(text, match.end())
    return match.start() if match else at


def _word_end(text, at):
    """Move at back to the end of the last whole word before it."""
    space = text.rfind(" ", max(0, at - 40), at)
    return space if space > 0 else at


def _pieces_of(text, start, end, needles):
    pieces, cursor = [], start
    if start > 0 and not text[:start].isspace():
        pieces.append(("…", False))
    for match in WORD.finditer(text, start, end):
        if fold(match.group()) in needles:
            if match.start() > cursor:
                pieces.append((text[cursor:match.start()], False))
            pieces.append((match.group(), True))
            cursor = match.end()
    if end > cursor:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
