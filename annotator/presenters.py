"""What the article page shows, computed once so the template only lays it out: the highlighted
text, the claims, the review box and the assignment, from the reads of services/article_page."""
import math
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from markupsafe import Markup, escape

from annotator import permissions
from annotator.models import ARTICLE_STATES
from annotator.permissions import Contributions, FourEyes
from annotator.serializers import iso_time, source_json, verdict_json
from annotator.services import detector, live, rechecks, review, signoff
from annotator.services.article_page import read_article_page
from annotator.services.assignments import today_utc
from annotator.services.publisher import is_placeholder
from annotator.text.normalize import paragraphs
from annotator.text.spans import fragments_of_ranges

HIDDEN_STATES = frozenset({"dismissed"})
# How sure the detector is of a suggestion, in words: (lowest score, word), highest first. The
# page hands the same bands to static/js/panel.js, so the panel and the list say the same.
CONFIDENCE_BANDS = ((0.8, "high"), (0.6, "medium"), (0.0, "low"))


def confidence(score):
    """Say a detector score in words: "Detector confidence: high (95%)"."""
    value = score or 0
    word = next(word for lowest, word in CONFIDENCE_BANDS if value >= lowest)
    return f"Detector confidence: {word} ({math.floor(100 * value + 0.5)}%)"  # as JavaScript's Math.round


@dataclass(frozen=True)
class ArticlePage:
    article: object
    text_html: Markup
    claims: list  # shown: anchored and not dismissed
    suggestions: list  # shown claims still to accept or dismiss
    orphans: list  # not dismissed, but a revision lost their words
    verdicts: list  # the active scale, in order: the choices and the keys 1-9
    retired_verdicts: list  # retired verdicts some claim of this article still carries
    verdict_labels: dict
    progress: dict
    claims_json: dict


def progress_of(claims, orphans=()):
    """Count claims (orphans included: they are still the article's claims), rated claims and
    undecided suggestions. static/js/claimlist.js tally() counts the same way after a change."""
    every = [*claims, *orphans]
    accepted = [c for c in every if c.review_state != "suggested"]
    rated = sum(1 for c in accepted if c.verdict_key)
    return {"claims": len(accepted), "rated": rated,
            "suggested": len(every) - len(accepted), "orphaned": len(orphans),
            "percent": round(100 * rated / len(accepted)) if accepted else 0}


class _Look(NamedTuple):
    """What a highlight needs of a claim, read off the model once per claim, not once per piece."""
    id: str  # escaped
    order: tuple  # (length, -start): the innermost claim sorts first
    end: int
    css: str  # the verdict and review-state classes, escaped
    suggested: str  # " hl-suggested" or ""


def _look(claim):
    start, end = claim["start"], claim["end"]
    css = f"hl v-{escape(claim['verdict'] or 'unrated')} rs-{escape(claim['review_state'])}"
    return _Look(escape(claim["id"]), (end - start, -start), end, css,
                 " hl-suggested" if claim["review_state"] == "suggested" else "")


def _mark(piece, looks):
    """One highlight: classes from the innermost covering claim, the ids of all of them."""
    ids = piece.span_ids
    if len(ids) == 1:
        primary = looks[ids[0]]
        classes, claim_ids = primary.css + primary.suggested, primary.id
    else:
        covering = [looks[i] for i in ids]
        primary = min(covering, key=attrgetter("order"))
        suggested = all(look.suggested for look in covering)
        classes = f"{primary.css}{' hl-suggested' if suggested else ''} hl-overlap"
        claim_ids = " ".join([look.id for look in covering])
    if piece.end == primary.end:
        classes += " hl-end"
    return (f'<mark class="{classes}" data-claims="{claim_ids}" data-primary="{primary.id}" '
            f'data-start="{piece.start}">{escape(piece.text)}</mark>')


def _paragraph(pieces, looks):
    start = f' data-start="{pieces[0].start}"' if pieces else ""
    body = "".join(_mark(p, looks) if p.span_ids else escape(p.text) for p in pieces)
    return f'<p dir="auto"{start}>{body}</p>'


def text_html(text, claims):
    """The article's paragraphs as HTML, every claim's words in <mark class="hl"> pieces.

    `claims` are the page's claim data (page_claim_json): id, start, end, verdict, review_state.
    Overlapping claims split the text into pieces that each list every claim covering them
    (data-claims) and take their look from the innermost one (data-primary). All text is
    escaped here, once; static/js/highlights.js draws the same markup after a change.
    """
    looks = {c["id"]: _look(c) for c in claims}
    laid_out = fragments_of_ranges(text, paragraphs(text), [(c["id"], c["start"], c["end"]) for c in claims])
    return Markup("\n  ".join(_paragraph(pieces, looks) for pieces in laid_out))


PAGE_CLAIM_FIELDS = ("id", "start", "end", "quote", "claimant", "verdict_key", "notes", "review_state", "version",
                     "updated_at", "score", "reasons", "reviewer_comment")


def _loaded(model, names):
    """Read column values straight from the instance's dict where loaded (they are, fresh from
    the query): the ORM's attribute descriptor costs about a microsecond a read, and a page of
    1,000 claims reads 12,000 of them."""
    values = vars(model)
    return [values[name] if name in values else getattr(model, name) for name in names]


def page_claim_json(claim, sources=()):
    """A claim as the workspace's scripts use it (static/js: store, panel, claim list)."""
    (claim_id, start, end, quote, claimant, verdict, notes, review_state, version, updated_at, score,
     reasons, reviewer_comment) = _loaded(claim, PAGE_CLAIM_FIELDS)
    return {
        "id": claim_id, "start": start, "end": end, "quote": quote, "claimant": claimant, "verdict": verdict,
        "notes": notes, "review_state": review_state, "version": version, "updated_at": iso_time(updated_at),
        "score": score, "reasons": list(reasons or []), "sources": [source_json(s) for s in sources],
        "reviewer_comment": reviewer_comment,
    }


def article_page(article, verdicts, sources):
    """Build the article page: the highlighted text, claims, progress and the scripts' data.

    `verdicts` is the whole scale, retired verdicts included: a claim rated before its verdict was
    retired keeps it, and the page names it as retired rather than calling the claim unrated.
    `sources` maps a claim's id to its sources (get_article_claims_and_sources).
    """
    claims, orphans = _shown_and_orphaned(article.claims)
    data = [page_claim_json(c, sources.get(c.id, ())) for c in claims]
    active = [v for v in verdicts if v.active]
    used = {c.verdict_key for c in claims + orphans}
    retired = [v for v in verdicts if not v.active and v.key in used]
    labels = {v.key: v.label for v in active} | {v.key: f"{v.label} (retired)" for v in retired}
    return ArticlePage(
        article=article, text_html=text_html(article.text, data), claims=claims,
        suggestions=[c for c, d in zip(claims, data) if d["review_state"] == "suggested"], orphans=orphans,
        verdicts=active, retired_verdicts=retired, verdict_labels=labels, progress=progress_of(claims, orphans),
        claims_json={"claims": data, "verdicts": [verdict_json(v) for v in active], "confidence_bands": CONFIDENCE_BANDS,
                     "orphans": [{"id": c.id, "review_state": c.review_state, "verdict": c.verdict_key} for c in orphans],
                     "retired_verdicts": [verdict_json(v) | {"label": labels[v.key]} for v in retired]},
    )


def _shown_and_orphaned(claims):
    """Split the claims that are not dismissed into those anchored in the text and the orphans."""
    shown, orphans = [], []
    for claim in claims:
        if claim.review_state not in HIDDEN_STATES:
            anchor = claim.anchor_state
            if anchor == "anchored":
                shown.append(claim)
            elif anchor == "orphaned":
                orphans.append(claim)
    return shown, orphans


def article_page_context(article_id, viewer):
    """Return what templates/articles/show.html and its partials name, from one set of reads."""
    reads = read_article_page(article_id, viewer)
    article = reads.article
    return {
        "page": article_page(article, reads.verdicts, reads.sources), "review": review_box(reads, viewer),
        "assignment": reads.assignment, "today": today_utc(), "confidence": confidence,
        "suggestion_threshold": lambda: reads.suggestion_threshold,
        "language_note": lambda: detector.detector_note(article),  # worked out only where the box is shown
        "live_cursor": lambda: live.start_cursor(article.id),  # only where the live channel is drawn
        "rechecks": rechecks.list_rechecks(article),
        "export_placeholder": reads.publisher if is_placeholder(reads.publisher) else None,
    }


def review_box(reads, viewer):
    """Summarise where the article's review stands: counts, what waits for the viewer, what stops a sign-off."""
    claims, allowed = reads.article.claims, reads.self_review_allowed
    by_state = {}
    for claim in claims:
        by_state.setdefault(claim.review_state, []).append(claim)
    submitted, sent_back = by_state.get("submitted", []), by_state.get("changes_requested", [])
    senders = review.senders_back(reads.review_events)
    contributions = Contributions(viewer, reads.review_events)  # others' comments are review work, not content
    return {
        "counts": {state: len(found) for state, found in by_state.items()},
        "to_review": submitted,
        "sent_back": sent_back,
        "may_resubmit": {c.id: review.may_resubmit(viewer, c, senders.get(c.id), allowed) for c in sent_back},
        "blockers": signoff.sign_off_blockers(claims),
        "may_approve": {c.id: permissions.allows(viewer, "claim.approve", FourEyes(contributions, c, allowed))
                        for c in submitted},
        "sign_off": reads.sign_off,
        "activity": reads.activity,
        "claim_quotes": {c.id: c.quote for c in claims},  # the activity names a claim by its words
        "states": ARTICLE_STATES,
    }
