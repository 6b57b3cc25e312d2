"""Reading claimant records: the index, the claimant field's completion, one claimant's claims."""
from dataclasses import dataclass

from sqlalchemy import case, func, select

from annotator.extensions import db
from annotator.limits import CLAIMANT_COMPLETIONS
from annotator.models import Article, Claim, Claimant, ClaimantKey
from annotator.services.claimants import get_claimant
from annotator.services.verdicts import list_verdicts
from annotator.text.claimant_names import name_key

INDEX_LIMIT = 500
PAGE_CLAIMS = 500


def list_claimants(limit=INDEX_LIMIT):
    """Return (claimant, number of claims) for the records not merged away, by name."""
    claims = (select(func.count()).where(Claim.claimant_id == Claimant.id, Claim.is_live)
              .correlate(Claimant).scalar_subquery())
    return db.session.execute(select(Claimant, claims).where(Claimant.merged_into_id.is_(None))
                              .order_by(func.lower(Claimant.name), Claimant.id).limit(limit)).all()


def complete(typed, limit=CLAIMANT_COMPLETIONS):
    """Return up to limit (claimant, the name or alias that matched) whose folded name or alias
    holds what was typed: names starting with it first, then by name."""
    key = name_key(typed)
    if not key:
        return []
    starts = case((ClaimantKey.key.startswith(key, autoescape=True), 0), else_=1)
    rows = db.session.execute(
        select(ClaimantKey.claimant_id, func.min(starts).label("rank"))
        .where(ClaimantKey.kind != "surname", ClaimantKey.key.contains(key, autoescape=True))
        .group_by(ClaimantKey.claimant_id).order_by("rank", ClaimantKey.claimant_id).limit(limit * 4)).all()
    found = {c.id: c for c in db.session.scalars(select(Claimant).where(Claimant.id.in_([r[0] for r in rows])))}
    ranked = sorted((found[r[0]] for r in rows), key=lambda c: (_rank(c, key), c.name.lower()))
    return [(c, _matched(c, key)) for c in ranked[:limit]]


def _rank(claimant, key):
    return 0 if any(name_key(n).startswith(key) for n in [claimant.name, *claimant.aliases]) else 1


def _matched(claimant, key):
    """Return the name or alias of claimant that holds key (the name when it does)."""
    return next((n for n in [claimant.name, *claimant.aliases] if key in name_key(n)), claimant.name)


@dataclass
class ClaimantPage:
    claimant: Claimant
    claims: list  # (claim, article title), newest article first, at most PAGE_CLAIMS
    total: int  # every live claim linked to the record
    breakdown: list  # (verdict label, verdict key or None, count), in the scale's order, unrated last
    labels: dict


def get_claimant_page(claimant_id):
    """Return one record's page: its live claims (the latest PAGE_CLAIMS) with their articles,
    and the count of each verdict over all of them; raise NotFound for no such record (a merged
    one is the caller's to redirect)."""
    claimant = get_claimant(claimant_id)
    linked = (Claim.claimant_id == claimant.id, Claim.is_live)
    claims = db.session.execute(
        select(Claim, Article.title).join(Article, Article.id == Claim.article_id).where(*linked)
        .order_by(Article.published_on.desc().nulls_last(), Claim.updated_at.desc(), Claim.id)
        .limit(PAGE_CLAIMS)).all()
    counts = dict(db.session.execute(select(Claim.verdict_key, func.count()).where(*linked)
                                     .group_by(Claim.verdict_key)).all())
    verdicts = list_verdicts(include_inactive=True)
    breakdown = [(v.label, v.key, counts[v.key]) for v in verdicts if counts.get(v.key)]
    if counts.get(None):
        breakdown.append(("Unrated", None, counts[None]))
    return ClaimantPage(claimant, claims, sum(counts.values()), breakdown, {v.key: v.label for v in verdicts})
