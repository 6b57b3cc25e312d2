"""Carry claims from one revision of a text to the next, or say plainly that one is orphaned.

Each claim is tried in order, and the first step that places it names the method:
  offsets   the same offsets still hold the same quote;
  diff      the offsets, mapped through the diff of the two texts, hold the quote;
  nearby    the quote found near where the diff puts its old place, best prefix/suffix first;
  fuzzy     the mapped span differs from the quote by a small edit (similarity >= MIN_SIMILARITY);
  anywhere  the quote found elsewhere (a moved paragraph), best prefix/suffix first;
  orphaned  none of these.
Text the diff explains as another, surviving occurrence of the same words belongs to that
occurrence: a claim never jumps to a twin, so a deleted sentence's claim is orphaned even when
the sentence is repeated elsewhere. Offsets count code points, end exclusive.
"""
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional

from annotator.text.diff import diff_ops

NEAR_CHARS = 2_000
# The bound: a placed claim's text matches its old quote exactly, or with this similarity
# (difflib's ratio, 2 * matching / total characters) when the quote is long enough to judge.
MIN_SIMILARITY = 0.85
MIN_FUZZY_CHARS = 8
# A short quote found far from its old place must also bring back some of its context.
SHORT_QUOTE_CHARS = 32
MIN_FAR_CONTEXT = 0.3
# Bounds that keep placing a claim linear in the text: difflib's ratio is quadratic, so longer
# pairs are compared through the linear diff; a quote that occurs thousands of times is judged on
# its occurrences nearest to where it should be; a fuzzy quote tries its nearest word boundaries.
EXACT_SIMILARITY_CHARS = 2_000
MAX_CANDIDATES = 16
MAX_FUZZY_ENDS = 6


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    method: str
    start: Optional[int] = None
    end: Optional[int] = None

    @property
    def is_orphaned(self):
        return self.method == "orphaned"


ORPHANED = Placement("orphaned")


def similarity(a: str, b: str) -> float:
    """Return difflib's ratio of a and b (1.0 when both are empty); for long texts, the same
    ratio over the matches of the linear diff."""
    if a == b:
        return 1.0
    if len(a) + len(b) <= EXACT_SIMILARITY_CHARS:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()
    matched = sum(op.old_end - op.old_start for op in diff_ops(a, b) if op.tag == "equal")
    return 2 * matched / (len(a) + len(b))


class TextMap:
    """The unchanged runs of a diff, to carry offsets from the old text to the new one."""

    def __init__(self, old: str, new: str):
        self.runs = [op for op in diff_ops(old, new) if op.tag == "equal"]
        self._old_starts = [run.old_start for run in self.runs]
        self._new_starts = [run.new_start for run in self.runs]

    @staticmethod
    def _run_at(runs, starts, position):
        index = bisect_right(starts, position) - 1
        return runs[index] if index >= 0 else None

    def start(self, position: int) -> Optional[int]:
        """Map the old offset of a first character, if that character survived."""
        run = self._run_at(self.runs, self._old_starts, position)
        if run and position < run.old_end:
            return run.new_start + position - run.old_start
        return None

    def end(self, position: int) -> Optional[int]:
        """Map an old end offset, if the character before it survived."""
        run = self._run_at(self.runs, self._old_starts, position - 1)
        if run and position <= run.old_end:
            return run.new_start + position - run.old_start
        return None

    def approx(self, position: int) -> int:
        """Map any old offset to about where it went."""
        run = self._run_at(self.runs, self._old_starts, position)
        return position if run is None else run.new_start + min(position, run.old_end) - run.old_start

    def owner(self, start: int, end: int) -> Optional[tuple]:
        """Return the old span the new span [start, end) was copied from, if unchanged."""
        run = self._run_at(self.runs, self._new_starts, start)
        if run and end <= run.new_end:
            return start + run.old_start - run.new_start, end + run.old_start - run.new_start
        return None


class Reanchorer:
    """Place claims of the old text on the new one; the diff is computed once, here."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.map = TextMap(old, new)

    def place(self, anchor: Anchor, orphaned: bool = False) -> Placement:
        """Return where anchor's quote now stands, and how it was found, or ORPHANED.

        An orphan's offsets belong to an older text, so only the search anywhere applies to it.
        """
        if orphaned:
            return self._anywhere(anchor, None, own=None) or ORPHANED
        own = (anchor.start, anchor.end)
        mapped = self._mapped(anchor)
        exact = mapped if mapped and self.new[mapped[0]:mapped[1]] == anchor.quote else None
        if exact in (None, own) and self._holds(anchor, own, own):
            return Placement("offsets", *own)
        if exact:
            return Placement("diff", *exact)
        expected = mapped[0] if mapped else self.map.approx(anchor.start)
        return (self._nearby(anchor, expected) or self._fuzzy(anchor)
                or self._anywhere(anchor, expected, own) or ORPHANED)

    def _mapped(self, anchor):
        start, end = self.map.start(anchor.start), self.map.end(anchor.end)
        return (start, end) if start is not None and end is not None and start < end else None

    def _is_free(self, span, own):
        """Tell whether span is not the unchanged copy of some other old text."""
        return self.map.owner(*span) in (None, own)

    def _holds(self, anchor, span, own):
        return self.new[span[0]:span[1]] == anchor.quote and self._is_free(span, own)

    def _occurrences(self, anchor, own, expected=0, radius=None):
        """Return the starts of the quote's free occurrences (within radius of expected), the
        nearest first; at most MAX_CANDIDATES of them, from at most four times as many looked at."""
        quote, found, looked_at = anchor.quote, [], 0
        low, high = 0, len(self.new)
        if radius is not None:
            low, high = max(0, expected - radius), min(high, expected + radius + len(quote))
        forward, backward = self._forward(quote, expected, low, high), self._backward(quote, expected, low)
        for at in _nearest_first(forward, backward, expected):
            looked_at += 1
            if self._is_free((at, at + len(quote)), own):
                found.append(at)
            if len(found) == MAX_CANDIDATES or looked_at == 4 * MAX_CANDIDATES:
                break
        return found

    def _forward(self, quote, expected, low, high):
        at = self.new.find(quote, max(low, expected), high)
        while at >= 0:
            yield at
            at = self.new.find(quote, at + 1, high)

    def _backward(self, quote, expected, low):
        at = self.new.rfind(quote, low, max(low, expected - 1 + len(quote)))
        while at >= 0 and at < expected:
            yield at
            at = self.new.rfind(quote, low, at - 1 + len(quote)) if at > low else -1

    def _context(self, anchor, start, end):
        """Score in [0, 1] how well the text around [start, end) matches the old context."""
        prefix, suffix = anchor.prefix, anchor.suffix
        weight = len(prefix) + len(suffix)
        if not weight:
            return 1.0
        before = similarity(prefix, self.new[max(0, start - len(prefix)):start])
        after = similarity(suffix, self.new[end:end + len(suffix)])
        return (len(prefix) * before + len(suffix) * after) / weight

    def _best(self, anchor, starts, expected):
        """Return (context score, -distance, start) of the best start; starts come nearest first,
        so the first with a perfect context wins."""
        size, scored = len(anchor.quote), []
        for start in starts:
            scored.append((self._context(anchor, start, start + size), -abs(start - (expected or 0)), start))
            if scored[-1][0] == 1.0:
                break
        return max(scored) if scored else None

    def _nearby(self, anchor, expected):
        near = [s for s in self._occurrences(anchor, (anchor.start, anchor.end), expected, NEAR_CHARS)
                if abs(s - expected) <= NEAR_CHARS]
        best = self._best(anchor, near, expected)
        return Placement("nearby", best[2], best[2] + len(anchor.quote)) if best else None

    def _anywhere(self, anchor, expected, own):
        best = self._best(anchor, self._occurrences(anchor, own, expected or 0), expected)
        if best is None:
            return None
        if len(anchor.quote) < SHORT_QUOTE_CHARS and best[0] < MIN_FAR_CONTEXT:
            return None
        return Placement("anywhere", best[2], best[2] + len(anchor.quote))

    def _fuzzy(self, anchor):
        """Place a quote edited inside, when its start or its end survived the edit."""
        quote = anchor.quote
        if len(quote) < MIN_FUZZY_CHARS:
            return None
        scored = [(similarity(quote, self.new[s:e]), s, e) for s, e in self._fuzzy_spans(anchor)]
        best = max(scored, default=None)
        if best and best[0] >= MIN_SIMILARITY:
            return Placement("fuzzy", best[1], best[2])
        return None

    def _fuzzy_spans(self, anchor):
        size, slack = len(anchor.quote), int(len(anchor.quote) * (1 - MIN_SIMILARITY)) + 1
        start, end = self.map.start(anchor.start), self.map.end(anchor.end)
        if start is not None and end is not None and start < end:
            yield start, end
        if start is not None:
            yield from ((start, e) for e in self._boundaries(start + size - slack, start + size + slack)
                        if e > start)
        if end is not None:
            yield from ((s, end) for s in self._boundaries(end - size - slack, end - size + slack) if s < end)

    def _boundaries(self, low, high):
        """Offsets in [low, high] where a word starts or ends, the nearest to the middle first."""
        text = self.new
        middle, low, high = (low + high) // 2, max(0, low), min(len(text), high)
        found = [p for p in range(low, high + 1)
                 if p in (0, len(text)) or text[p - 1].isalnum() != text[p].isalnum()]
        return sorted(found, key=lambda p: abs(p - middle))[:MAX_FUZZY_ENDS]


def _nearest_first(forward, backward, expected):
    """Merge two iterators of positions, one going up from expected and one down, by distance."""
    ahead, behind = next(forward, None), next(backward, None)
    while ahead is not None or behind is not None:
        if behind is None or (ahead is not None and ahead - expected <= expected - behind):
            yield ahead
            ahead = next(forward, None)
        else:
            yield behind
            behind = next(backward, None)


def reanchor(old: str, new: str, anchors, orphaned=()) -> list[Placement]:
    """Place every anchor of old on new; `orphaned` holds the indexes of anchors already orphaned."""
    reanchorer = Reanchorer(old, new)
    orphaned = set(orphaned)
    return [reanchorer.place(anchor, i in orphaned) for i, anchor in enumerate(anchors)]
