"""Spans of canonical text: quote selectors and fragments for overlapping highlights."""
from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Fragment:
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
    fine: every piece knows every span that covers it, in the order given.
    """
    spans = [(sid, max(s, start), min(e, end)) for sid, s, e in spans if s < end and e > start]
    cuts = sorted({start, end} | {s for _, s, _ in spans} | {e for _, _, e in spans})
    opening = {}
    for sid, s, e in spans:
        opening.setdefault(s, []).append((sid, e))
    active, pieces = [], []
    for left, right in zip(cuts, cuts[1:]):
        active = [(sid, e) for sid, e in active if e > left] + opening.get(left, [])
        pieces.append(Fragment(left, right, text[left:right], tuple(sid for sid, _ in active)))
    return pieces
