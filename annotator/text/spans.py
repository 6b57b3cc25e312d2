"""Spans of canonical text: quote selectors and fragments for overlapping highlights."""
from dataclasses import dataclass
from typing import NamedTuple

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


class Fragment(NamedTuple):
    """A piece of text and the ids of the spans covering it (a tuple: cheap to make by the thousand)."""
    start: int
    end: int
    text: str
    span_ids: tuple


def quote_at(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Quote:
    """Return the exact text of [start, end) with up to `context` code points either side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside a text of {len(text)} characters")
    return Quote(text[start:end], text[max(0, start - context):start], text[end:end + context])


def fragments(text: str, start: int, end: int, spans) -> list[Fragment]:
    """Split text[start:end] where any span opens or closes; each piece lists its span ids.

    `spans` is an iterable of (id, start, end). Overlapping and nested spans are
    fine: every piece knows every span that covers it, in the order they open inside
    [start, end), and spans that open together in the order given.
    """
    return fragments_of_ranges(text, [(start, end)], spans)[0]


def fragments_of_ranges(text: str, ranges, spans) -> list[list[Fragment]]:
    """Return fragments(text, start, end, spans) for each (start, end) of `ranges`, in one sweep.

    `ranges` (paragraphs, say) must be in order and must not overlap. The spans are sorted
    once and each is looked at only while it overlaps the current range, so a long text with
    many paragraphs and spans costs O(n log n), not paragraphs x spans.
    """
    by_start = sorted(enumerate(spans), key=lambda item: item[1][1])
    laid_out, live, taken = [], [], 0
    for start, end in ranges:
        while taken < len(by_start) and by_start[taken][1][1] < end:
            live.append(by_start[taken])
            taken += 1
        live = [item for item in live if item[1][2] > start]
        laid_out.append(_split(text, start, end, [span for _, span in sorted(live)]))
    return laid_out


def _split(text, start, end, spans):
    """fragments() of spans that all overlap [start, end), given in their original order."""
    spans = [(sid, max(s, start), min(e, end)) for sid, s, e in spans]
    cuts = sorted({start, end} | {s for _, s, _ in spans} | {e for _, _, e in spans})
    opening = {}
    for sid, s, e in spans:
        opening.setdefault(s, []).append((sid, e))
    active, pieces = [], []
    for left, right in zip(cuts, cuts[1:]):
        active = [(sid, e) for sid, e in active if e > left] + opening.get(left, [])
        pieces.append(Fragment(left, right, text[left:right], tuple([sid for sid, _ in active])))
    return pieces
