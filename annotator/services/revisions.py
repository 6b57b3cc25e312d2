"""Revisions: new copy for an article; every claim is carried over to it or flagged orphaned.

An approved claim goes back to review when the revision changes its words or the sentence
around them ("It is false that ..." prepended): the approval was for the old sentence. The
change is recorded (a `sentence_change` event) and shown as the claim's review note.
"""
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from annotator import permissions
from annotator.extensions import db
from annotator.limits import article_max_chars
from annotator.models import Claim, Revision, utcnow
from annotator.services.articles import canonical_text, ensure_unlocked, get_article
from annotator.services.claims import delete_claim, update_claim
from annotator.services.errors import Conflict, InvalidInput, NotFound
from annotator.services.history import record_event
from annotator.services.lookup import check_version, get_claim
from annotator.services.review import note_content_change
from annotator.text.anchoring import Anchor, Reanchorer
from annotator.text.sentences import split_sentences
from annotator.text.spans import quote_at

RACE_MESSAGE = "Someone else revised or changed this article at the same moment. Reload and try again."
ARTICLE_CHANGED = "The article changed since you opened it (perhaps another revision). Reload and try again."
# How much of a long sentence the note shows on each side of the claim.
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class RevisionResult:
    revision: Revision
    methods: dict  # method -> number of claims it placed
    orphaned_ids: list
    recheck_ids: list  # claims whose sentence changed: to re-check (services/rechecks.py)


def list_revisions(article_id):
    """Return the article's revisions, newest first, their authors loaded."""
    return db.session.scalars(
        select(Revision).where(Revision.article_id == article_id)
        .options(selectinload(Revision.created_by)).order_by(Revision.number.desc())
    ).all()


def get_revision(article_id, number):
    """Return revision `number` of the article, or raise NotFound."""
    revision = db.session.scalar(
        select(Revision).where(Revision.article_id == article_id, Revision.number == number)
    )
    if revision is None:
        raise NotFound(f"This article has no revision {number}.")
    return revision


def get_revision_pair(article, old_number=None, new_number=None):
    """Return (old, new) revisions to compare: by default the one before the latest, and the latest."""
    new_number = new_number or article.revision_number
    old_number = old_number or max(1, new_number - 1)
    return get_revision(article.id, old_number), get_revision(article.id, new_number)


def _text_problem(article, text):
    if not text:
        return "The new text is empty."
    if len(text) > (max_chars := article_max_chars()):
        return f"The new text is {len(text):,} characters long; the limit is {max_chars:,}."
    if text == article.text:
        return "The new text is the same as the current one; nothing to revise."
    return None


def _new_text(article, raw, source_format):
    text = canonical_text(raw, source_format)
    problem = _text_problem(article, text)
    if problem:
        raise InvalidInput(problem, {"text": [problem]})
    return text


def _anchor_of(claim):
    return Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)


def _selector(text, placement):
    if placement.is_orphaned:
        # An orphan keeps its last known span and quote, to show and to search for next time.
        return {"anchor_state": "orphaned"}
    quote = quote_at(text, placement.start, placement.end)
    return {"start": placement.start, "end": placement.end, "quote": quote.exact,
            "prefix": quote.prefix, "suffix": quote.suffix, "anchor_state": "anchored"}


class Sentences:
    """The sentences of a text, split once and only when first asked (most revisions touch no
    approved claim); sentence_of gives the sentence(s) a span lies in."""

    def __init__(self, text):
        self.text, self._spans = text, None

    def _split(self):
        if self._spans is None:
            found = split_sentences(self.text)
            self._spans = ([s.start for s in found], [s.end for s in found])
        return self._spans

    def sentence_of(self, start, end):
        """Return (start, end) of the sentences that [start, end) overlaps (the span itself if none)."""
        starts, ends = self._split()
        first, last = bisect_right(ends, start), bisect_left(starts, end)
        if first >= last:
            return start, end
        return min(starts[first], start), max(ends[last - 1], end)

    def excerpt(self, start, end):
        """Return the sentence around [start, end), cut to EXCERPT_CHARS on each side."""
        s_start, s_end = self.sentence_of(start, end)
        before = max(s_start, start - EXCERPT_CHARS)
        after = min(s_end, end + EXCERPT_CHARS)
        return ("…" if before > s_start else "") + self.text[before:after] + ("…" if after < s_end else "")

    def around(self, start, end):
        """Return the words of the sentence before and after [start, end)."""
        s_start, s_end = self.sentence_of(start, end)
        return self.text[s_start:start], self.text[end:s_end]


# Claims whose sentence a revision can change under someone's review: an approved one goes back
# to review; any of them records the change, so its reviser counts as a contributor (four eyes).
REVIEWED_STATES = ("open", "submitted", "changes_requested", "approved")


def _sentence_change(claim, placement, sentences):
    """Return (old sentence, new sentence) when the revision changed the words of a claim (not a
    suggestion) or the sentence around them; else None."""
    if claim.review_state not in REVIEWED_STATES or placement.is_orphaned:
        return None
    old, new = sentences
    new_quote = new.text[placement.start:placement.end]
    if claim.anchor_state == "orphaned":  # its offsets are of an older text: only its words compare
        return None if new_quote == claim.quote else (claim.quote, new.excerpt(placement.start, placement.end))
    if (claim.quote, old.around(claim.start, claim.end)) == (new_quote, new.around(placement.start, placement.end)):
        return None
    return old.excerpt(claim.start, claim.end), new.excerpt(placement.start, placement.end)


def _send_back(actor, claim, numbers, change):
    """Record how the claim's sentence changed (the reviser contributed to the claim); an approved
    claim also goes back to review, showing the change."""
    before, after = change
    record_event(actor, "claim", "sentence_change", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="sentence", old={"revision": numbers[0], "sentence": before},
                 new={"revision": numbers[1], "sentence": after})
    if not claim.is_approved:
        return
    note_content_change(actor, claim)  # the approval was for the old sentence
    claim.reviewer_comment = (f"Sent back to review: revision {numbers[1]} changed the sentence of this claim. "
                              f"Before: “{before}” Now: “{after}”")
    claim.updated_at = utcnow()


def _apply(actor, claim, changes, method):
    """Set the claim's new selector; an unmoved claim is left alone (its version too)."""
    if all(getattr(claim, field) == value for field, value in changes.items()):
        return
    for field, value in changes.items():
        setattr(claim, field, value)
    claim.anchor_method, claim.updated_by_id, claim.updated_at = method, actor.id, utcnow()


def _place(reanchorer, claim):
    return reanchorer.place(_anchor_of(claim), orphaned=claim.anchor_state == "orphaned")


def _carry(actor, claim, reanchorer, placement, change, numbers):
    """Record where one claim went on the new text and how, with old and new offsets; an approved
    claim whose sentence changed goes back to review."""
    changes = _selector(reanchorer.new, placement)
    old = {"revision": numbers[0], "start": claim.start, "end": claim.end, "quote": claim.quote,
           "anchor_state": claim.anchor_state}
    new = {"revision": numbers[1], "method": placement.method, "start": placement.start,
           "end": placement.end, "quote": changes.get("quote", claim.quote),
           "anchor_state": changes["anchor_state"]}
    record_event(actor, "claim", "reanchor", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="anchor", old=old, new=new)
    _apply(actor, claim, changes, placement.method)
    if change is not None:
        _send_back(actor, claim, numbers, change)
    return placement


def _flush():
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        raise Conflict(RACE_MESSAGE) from None


def revise_article(actor, article, raw_text, note="", source_format="text", expected_version=None):
    """Make the next numbered revision of article from raw copy and re-anchor every claim.

    Raises Locked for a signed-off article, Conflict when the article changed meanwhile,
    InvalidInput for empty, oversized or unchanged text.
    """
    permissions.check(actor, "article.revise", article)  # a locked article is refused now, before any text work
    check_version(article, expected_version, ARTICLE_CHANGED)
    text = _new_text(article, raw_text, source_format)
    numbers = (article.revision_number, article.revision_number + 1)
    claims = db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.id)).all()
    # Diffing and placing are pure work: done before the lock and the first write.
    reanchorer = Reanchorer(article.text, text)
    sentences = (Sentences(article.text), Sentences(text))
    placements = [_place(reanchorer, claim) for claim in claims]
    changes = [_sentence_change(claim, placement, sentences) for claim, placement in zip(claims, placements)]
    ensure_unlocked(article)
    for claim, placement, change in zip(claims, placements, changes):
        _carry(actor, claim, reanchorer, placement, change, numbers)
    revision = Revision(article_id=article.id, number=numbers[1], text=text, note=note, created_by_id=actor.id)
    db.session.add(revision)
    methods = dict(Counter(p.method for p in placements))
    record_event(actor, "article", "revise", article_id=article.id, entity_id=article.id, field="text",
                 old={"revision": numbers[0], "characters": len(article.text)},
                 new={"revision": numbers[1], "characters": len(text), "note": note, "methods": methods})
    article.text, article.revision_number = text, numbers[1]
    _flush()
    orphaned = [c.id for c, p in zip(claims, placements) if p.is_orphaned]
    return RevisionResult(revision, methods, orphaned, [c.id for c, change in zip(claims, changes) if change])


def _ensure_orphaned(claim):
    if claim.anchor_state != "orphaned":
        raise Conflict("This claim is not orphaned; it is already placed in the text.")


def reattach_claim(actor, claim_id, start, end, expected_version):
    """Anchor an orphaned claim on [start, end) of the current text, chosen by a person."""
    permissions.check(actor, "claim.edit")
    _ensure_orphaned(get_claim(claim_id))
    claim = update_claim(actor, claim_id, expected_version, {"start": start, "end": end})
    article = get_article(claim.article_id)
    claim.anchor_state, claim.anchor_method = "anchored", "manual"
    record_event(actor, "claim", "reattach", article_id=article.id, claim_id=claim.id, entity_id=claim.id,
                 field="anchor", old={"anchor_state": "orphaned"},
                 new={"revision": article.revision_number, "method": "manual", "start": start, "end": end,
                      "quote": claim.quote, "anchor_state": "anchored"})
    _flush()
    return claim


def delete_orphan(actor, claim_id, expected_version, article_id=None):
    """Delete an orphaned claim (of article_id's article, when given); its history stays."""
    permissions.check(actor, "claim.delete")
    _ensure_orphaned(get_claim(claim_id, article_id=article_id))
    delete_claim(actor, claim_id, expected_version, article_id)
