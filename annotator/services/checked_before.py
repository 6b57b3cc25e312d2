"""Checked before: the earlier approved, rated claims and the reference reviews closest to a
claim; reusing an earlier verdict; "Not the same claim", remembered per claim."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator import permissions
from annotator.extensions import db
from annotator.models import Article, Claim, MatchDismissal, ReferenceReview, Verdict
from annotator.services.articles import ensure_unlocked, get_article
from annotator.services.claims import update_claim
from annotator.services.errors import InvalidInput, NotFound
from annotator.services.history import record_event
from annotator.services.lookup import get_claim
from annotator.services.matching_index import index, query_vectors
from annotator.services.sources import add_source

KINDS = ("claim", "reference")
SOURCE_COPIED = ("url", "title", "publisher", "published_on", "passage", "relation", "archive_url")


def matches_for(claim_ids) -> dict[int, list[dict]]:
    """Return, per claim id, its earlier claims and reference reviews, best first, as dicts.

    A claim's stored vector is used (the worker writes it); a few missing ones are computed here,
    and past that a claim the worker has not reached yet is left out of the answer."""
    claims = db.session.scalars(select(Claim).where(Claim.id.in_(list(claim_ids)))).all()
    if not claims:
        return {}
    archive = index()
    if not len(archive):  # nothing approved or imported yet: no need to wake the encoders
        return {claim.id: [] for claim in claims}
    vectors = query_vectors(claims)
    claims = [claim for claim in claims if claim.id in vectors]
    if not claims:
        return {}
    dismissed = _dismissed([claim.id for claim in claims])
    found = archive.search([vectors[claim.id] for claim in claims],
                           exclude=lambda query, key: key == ("claim", claims[query].id)
                           or (claims[query].id, *key) in dismissed)
    shown = {"claim": _earlier, "reference": _references}
    rows = {kind: load({m.key[1] for matches in found for m in matches if m.key[0] == kind})
            for kind, load in shown.items()}
    return {claim.id: [dict(rows[m.key[0]][m.key[1]], kind=m.key[0], score=m.score)
                       for m in matches if m.key[1] in rows[m.key[0]]]
            for claim, matches in zip(claims, found)}


def article_matches(article_id) -> dict:
    """Return the matches of an article's claims and undecided suggestions that have any, and the
    ids of those whose vector the worker has not stored yet (asked again later)."""
    get_article(article_id)
    ids = list(db.session.scalars(select(Claim.id).where(Claim.article_id == article_id,
                                                         Claim.review_state != "dismissed")))
    found = matches_for(ids)
    return {"claims": {claim_id: matches for claim_id, matches in found.items() if matches},
            "pending": [claim_id for claim_id in ids if claim_id not in found]}


def _earlier(claim_ids) -> dict[int, dict]:
    """Return what the box shows of each earlier claim: quote, verdict, claimant, date, article."""
    if not claim_ids:
        return {}
    rows = db.session.execute(
        select(Claim.id, Claim.quote, Claim.claimant, Claim.updated_at, Claim.article_id, Article.title,
               Verdict.label)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Verdict, Verdict.key == Claim.verdict_key)
        .where(Claim.id.in_(list(claim_ids)), Claim.review_state == "approved")
    ).all()
    return {row.id: {"claim_id": row.id, "quote": row.quote, "claimant": row.claimant, "verdict": row.label,
                     "date": row.updated_at.date().isoformat(), "article_id": row.article_id,
                     "article_title": row.title} for row in rows}


def _references(review_ids) -> dict[int, dict]:
    """Return what the box shows of each reference review: publisher, rating, claim, link."""
    if not review_ids:
        return {}
    rows = db.session.scalars(select(ReferenceReview).where(ReferenceReview.id.in_(list(review_ids)))).all()
    return {row.id: {"reference_id": row.id, "quote": row.claim_text, "claimant": row.claimant,
                     "verdict": row.rating, "publisher": row.publisher, "url": row.url,
                     "date": row.reviewed_on.isoformat() if row.reviewed_on else ""} for row in rows}


def _dismissed(claim_ids) -> set[tuple]:
    """Return the (claim id, kind, match id) dismissed for these claims."""
    rows = db.session.execute(select(MatchDismissal.claim_id, MatchDismissal.kind, MatchDismissal.match_id)
                              .where(MatchDismissal.claim_id.in_(claim_ids)))
    return {tuple(row) for row in rows}


def dismiss_match(actor, claim_id, kind, match_id) -> None:
    """"Not the same claim": never show this match for this claim again (history kept)."""
    permissions.check(actor, "claim.dismiss_match")
    claim = get_claim(claim_id)
    if kind not in KINDS:
        raise InvalidInput("Say whether the match is an earlier claim or a reference review.")
    ensure_unlocked(get_article(claim.article_id))
    if db.session.get(Claim if kind == "claim" else ReferenceReview, match_id) is None:
        raise NotFound("No such match.")
    if db.session.get(MatchDismissal, (claim.id, kind, match_id)) is None:
        db.session.add(MatchDismissal(claim_id=claim.id, kind=kind, match_id=match_id, dismissed_by_id=actor.id))
        record_event(actor, "claim", "dismiss_match", article_id=claim.article_id, claim_id=claim.id,
                     entity_id=claim.id, field="checked_before", new={"kind": kind, "id": match_id})
        db.session.flush()


def reuse_verdict(actor, claim_id, expected_version, original_id):
    """Copy an earlier approved claim's verdict and sources into the claim; history says reuse and
    names the original."""
    permissions.check(actor, "claim.reuse_verdict")
    if original_id == claim_id:
        raise InvalidInput("A claim cannot reuse its own verdict.")
    original = db.session.scalar(select(Claim).options(selectinload(Claim.sources))
                                 .where(Claim.id == original_id, Claim.review_state == "approved"))
    if original is None or not original.verdict_key:
        raise NotFound("That earlier claim is no longer approved with a verdict.")
    claim = update_claim(actor, claim_id, expected_version, {"verdict_key": original.verdict_key})
    known = {source.url for source in get_claim(claim.id).sources}
    for source in original.sources:
        if source.url not in known:
            add_source(actor, claim.id, {field: getattr(source, field) for field in SOURCE_COPIED})
    record_event(actor, "claim", "reuse", article_id=claim.article_id, claim_id=claim.id, entity_id=claim.id,
                 field="reused_from", new={"claim_id": original.id, "article_id": original.article_id})
    db.session.flush()
    return claim
