"""Exports: load articles in batches (keyset pagination) and write the native annotated JSON.

Every export format reads the same `Bundle`s: one article with its claims, sources, sign-offs,
revisions and history, loaded a batch of articles at a time with one query per table, as plain
rows (no ORM identity map to grow), so a stream of any length holds one batch in memory.
"""
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from importlib.metadata import PackageNotFoundError, version
from itertools import groupby

from sqlalchemy import exists, select

from annotator.extensions import db
from annotator.models import ARTICLE_STATES, Article, Claim, Event, Revision, SignOff, Source, User, Verdict
from annotator.models.types import utcnow
from annotator.services.errors import InvalidInput, NotFound

FORMAT = "claim-annotator/1"
SCHEMA_FILE = "claim-annotator-1.json"
BATCH_ARTICLES = 100
# Review states that are work in progress of a machine, not claims a person made.
NOT_CLAIMS = ("suggested", "dismissed")


@dataclass(frozen=True)
class ExportFilters:
    """Which articles to export; since/until select articles with activity in [since, until)."""

    article_ids: tuple = ()
    states: tuple = ()
    signed_off: bool = False
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def for_days(cls, since=None, until=None, **fields):
        """Return filters for activity from the start of day `since` to the end of day `until`."""
        def midnight(day):
            return datetime.combine(day, time(), tzinfo=timezone.utc)
        return cls(since=midnight(since) if since else None,
                   until=midnight(until) + timedelta(days=1) if until else None, **fields)

    def __post_init__(self):
        unknown = set(self.states) - set(ARTICLE_STATES)
        if unknown:
            message = f"Unknown article state {sorted(unknown)[0]!r}; use {', '.join(ARTICLE_STATES)}."
            raise InvalidInput(message, {"state": [message]})


@dataclass
class Bundle:
    """One article and everything that belongs to it, as rows."""

    article: object
    claims: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    sign_offs: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def live_sign_off(self):
        """Return the sign-off in force (the last one, unless reopened), or None."""
        last = self.sign_offs[-1] if self.sign_offs else None
        return last if last is not None and last.reopened_at is None else None

    def real_claims(self):
        """Return the claims a person made or accepted (not open suggestions nor dismissed ones)."""
        return [c for c in self.claims if c.review_state not in NOT_CLAIMS]


@dataclass
class Lookup:
    """The small tables every export refers to: people and the verdict scale."""

    users: dict
    verdicts: dict

    @classmethod
    def load(cls):
        users = {u.id: u for u in db.session.execute(select(User.id, User.username, User.display_name))}
        verdicts = {v.key: v for v in db.session.execute(select(Verdict.key, Verdict.label, Verdict.rating))}
        return cls(users, verdicts)

    def user(self, user_id):
        row = self.users.get(user_id)
        return None if row is None else {"username": row.username, "display_name": row.display_name}


def utc_iso(value):
    """Write a datetime in UTC with Z, and a date as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def generator_version():
    try:
        return version("claim-annotator")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0"


# --- loading ----------------------------------------------------------------------------------

def article_filter(filters):
    """Return the WHERE clauses that select the articles of an export."""
    clauses = []
    if filters.article_ids:
        clauses.append(Article.id.in_(filters.article_ids))
    if filters.states:
        clauses.append(Article.state.in_(filters.states))
    if filters.signed_off:
        clauses.append(Article.state == "signed_off")
    if filters.since or filters.until:
        activity = [Event.article_id == Article.id]
        if filters.since:
            activity.append(Event.at >= filters.since)
        if filters.until:
            activity.append(Event.at < filters.until)
        clauses.append(exists().where(*activity))
    return clauses


def iter_bundles(filters, batch=BATCH_ARTICLES):
    """Yield a Bundle per selected article, by id, loading `batch` articles at a time."""
    clauses, last_id = article_filter(filters), 0
    while True:
        articles = _rows(
            select(Article.__table__).where(Article.id > last_id, *clauses).order_by(Article.id).limit(batch)
        )
        if not articles:
            return
        yield from load_bundles(articles)
        last_id = articles[-1].id


def _rows(query):
    # Core, not the ORM session's execute: plain rows, no per-row ORM bookkeeping.
    return db.session.connection().execute(query).all()


def _grouped(rows, key):
    return {k: list(group) for k, group in groupby(rows, key=lambda row: getattr(row, key))}


def load_bundles(articles):
    """Return a Bundle for each article row, with one query per related table."""
    ids = [a.id for a in articles]
    claims = _grouped(_rows(
        select(Claim.__table__).where(Claim.article_id.in_(ids))
        .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id)), "article_id")
    claim_ids = select(Claim.id).where(Claim.article_id.in_(ids)).scalar_subquery()
    sources = _grouped(_rows(
        select(Source.__table__).where(Source.claim_id.in_(claim_ids))
        .order_by(Source.claim_id, Source.position, Source.id)), "claim_id")
    sign_offs = _grouped(_rows(
        select(SignOff.__table__).where(SignOff.article_id.in_(ids)).order_by(SignOff.article_id, SignOff.id)),
        "article_id")
    revisions = _grouped(_rows(
        select(Revision.__table__).where(Revision.article_id.in_(ids)).order_by(Revision.article_id, Revision.number)),
        "article_id")
    events = _grouped(_rows(
        select(Event.__table__).where(Event.article_id.in_(ids)).order_by(Event.article_id, Event.id)),
        "article_id")
    return [Bundle(a, claims.get(a.id, []), sources, sign_offs.get(a.id, []), revisions.get(a.id, []),
                   events.get(a.id, [])) for a in articles]


def get_bundle(article_id):
    """Return the Bundle of one article or raise NotFound."""
    bundle = next(iter_bundles(ExportFilters(article_ids=(article_id,))), None)
    if bundle is None:
        raise NotFound("No such article.")
    return bundle


# --- the native format ------------------------------------------------------------------------

def native_document(bundle, lookup):
    """Return one article in the native format claim-annotator/1."""
    return {
        "format": FORMAT,
        "exported_at": utc_iso(utcnow()),
        "generator": {"name": "Claim Annotator", "version": generator_version()},
        "article": _article(bundle, lookup),
        "claims": [_claim(c, bundle.sources.get(c.id, []), lookup) for c in bundle.claims],
        "sign_offs": [_sign_off(s, lookup) for s in bundle.sign_offs],
        "history": [_event(e, lookup) for e in bundle.events],
    }


def _article(bundle, lookup):
    a = bundle.article
    return {
        "id": a.id, "title": a.title, "byline": a.byline, "outlet": a.outlet, "url": a.url,
        "published_on": utc_iso(a.published_on), "language": a.language, "text": a.text,
        "state": a.state, "revision": a.revision_number, "created_by": lookup.user(a.created_by_id),
        "created_at": utc_iso(a.created_at), "updated_at": utc_iso(a.updated_at),
        "revisions": [_revision(r, lookup) for r in bundle.revisions],
    }


def _revision(r, lookup):
    return {"id": r.id, "number": r.number, "text": r.text, "note": r.note,
            "created_by": lookup.user(r.created_by_id), "created_at": utc_iso(r.created_at)}


def _verdict(key, lookup):
    if key is None:
        return None
    row = lookup.verdicts.get(key)
    return {"key": key, "label": row.label if row else key, "rating": row.rating if row else None}


def _claim(c, sources, lookup):
    return {
        "id": c.id, "start": c.start, "end": c.end, "quote": c.quote, "prefix": c.prefix, "suffix": c.suffix,
        "claimant": c.claimant, "verdict": _verdict(c.verdict_key, lookup), "notes": c.notes,
        "origin": c.origin, "score": c.score, "reasons": list(c.reasons or []),
        "review_state": c.review_state, "reviewer_comment": c.reviewer_comment,
        "anchor_state": c.anchor_state, "anchor_method": c.anchor_method,
        "created_by": lookup.user(c.created_by_id), "created_at": utc_iso(c.created_at),
        "updated_by": lookup.user(c.updated_by_id), "updated_at": utc_iso(c.updated_at),
        "sources": [_source(s) for s in sources],
    }


def _source(s):
    return {
        "id": s.id, "url": s.url, "title": s.title, "publisher": s.publisher,
        "published_on": utc_iso(s.published_on), "passage": s.passage, "relation": s.relation,
        "archive_url": s.archive_url, "created_at": utc_iso(s.created_at),
    }


def _sign_off(s, lookup):
    return {
        "id": s.id, "reviewer": lookup.user(s.reviewer_id), "signed_at": utc_iso(s.signed_at),
        "content_hash": s.content_hash, "self_review": s.self_review,
        "reopened_at": utc_iso(s.reopened_at), "reopened_by": lookup.user(s.reopened_by_id),
        "reopen_reason": s.reopen_reason,
    }


def _event(e, lookup):
    return {
        "at": utc_iso(e.at), "actor": lookup.user(e.actor_id), "entity": e.entity, "entity_id": e.entity_id,
        "claim_id": e.claim_id, "action": e.action, "field": e.field, "old": e.old, "new": e.new,
    }


def export_article(article_id):
    """Return one article as a native document."""
    return native_document(get_bundle(article_id), Lookup.load())


def dumps(document):
    """Serialise compactly, keeping non-ASCII text readable."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return utc_iso(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def stream_jsonl(filters, lookup=None):
    """Yield one native document per line, for every selected article."""
    lookup = lookup or Lookup.load()
    for bundle in iter_bundles(filters):
        yield dumps(native_document(bundle, lookup)) + "\n"
