"""What the article page shows, computed once so the template only lays it out."""
from dataclasses import dataclass

from annotator.serializers import claim_json, verdict_json
from annotator.text.normalize import paragraphs
from annotator.text.spans import fragments

HIDDEN_STATES = frozenset({"dismissed"})


@dataclass(frozen=True)
class Piece:
    text: str
    start: int
    end: int
    claim_ids: tuple
    primary: object  # the innermost claim covering the piece, or None
    suggested_only: bool


@dataclass(frozen=True)
class ArticlePage:
    article: object
    paragraphs: list
    claims: list
    verdicts: list
    verdict_labels: dict
    progress: dict
    claims_json: list


def _pieces(text, start, end, claims_by_id, spans):
    pieces = []
    for fragment in fragments(text, start, end, spans):
        covering = [claims_by_id[i] for i in fragment.span_ids]
        primary = min(covering, key=lambda c: (c.end - c.start, -c.start)) if covering else None
        suggested = bool(covering) and all(c.review_state == "suggested" for c in covering)
        pieces.append(Piece(fragment.text, fragment.start, fragment.end, fragment.span_ids, primary, suggested))
    return pieces


def progress_of(claims):
    """Count claims, rated claims and undecided suggestions."""
    accepted = [c for c in claims if c.review_state != "suggested"]
    rated = sum(1 for c in accepted if c.verdict_key)
    return {"claims": len(accepted), "rated": rated,
            "suggested": len(claims) - len(accepted),
            "percent": round(100 * rated / len(accepted)) if accepted else 0}


def article_page(article, verdicts):
    """Build the article page: paragraphs split into highlight pieces, claims and progress."""
    claims = [c for c in article.claims if c.review_state not in HIDDEN_STATES and c.anchor_state == "anchored"]
    by_id = {c.id: c for c in claims}
    spans = [(c.id, c.start, c.end) for c in claims]
    laid_out = [_pieces(article.text, s, e, by_id, spans) for s, e in paragraphs(article.text)]
    return ArticlePage(
        article=article, paragraphs=laid_out, claims=claims, verdicts=verdicts,
        verdict_labels={v.key: v.label for v in verdicts}, progress=progress_of(claims),
        claims_json={"claims": [claim_json(c) for c in claims], "verdicts": [verdict_json(v) for v in verdicts]},
    )
