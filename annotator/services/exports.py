"""Exports: load articles in batches (keyset pagination) and write the native annotated JSON.

Every export format reads the same `Bundle`s: one article with its claims, sources, sign-offs,
revisions and history, loaded a batch of articles at a time with one query per table, as plain
rows (no ORM identity map to grow), so a stream of any length holds one batch in memory. A batch
stops at BATCH_ARTICLES articles or, past its first article, at BATCH_CLAIMS claims; the JSON
Lines and CSV streams read an article with more claims than that in pages (exports_jsonl, _csv).

Speed (bench/bench_export.py: 100,000 claims as JSON Lines in a few seconds): the native format
reads `raw` rows (exports_rows: the times as stored, JSON text by the C decoder), builds its many
claim and event objects by column position (Shape), shares one dict per person and verdict in a
stream (SharedLookup), and serialises with one prepared encoder.
"""
import json
from collections import namedtuple
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from itertools import groupby
from operator import attrgetter

from sqlalchemy import exists, func, select

from annotator.extensions import db
from annotator.models import ARTICLE_STATES, Article, Assignment, Claim, Event, Revision, SignOff, Source, User, Verdict
from annotator.models.types import utcnow
from annotator.services import exports_threads
from annotator.services.errors import InvalidInput, NotFound
from annotator.services.exports_rows import Shape, fetch_rows, select_rows

FORMAT = "claim-annotator/1"
SCHEMA_FILE = "claim-annotator-1.json"
BATCH_ARTICLES = 100
BATCH_CLAIMS = 10_000
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
    assignments: list = field(default_factory=list)

    @property
    def live_sign_off(self):
        """Return the sign-off in force (the last one, unless reopened, of a signed-off article), or None."""
        last = self.sign_offs[-1] if self.sign_offs else None
        # The state check keeps a stale record (an import made before such files were refused) out.
        in_force = last is not None and last.reopened_at is None and self.article.state == "signed_off"
        return last if in_force else None

    def real_claims(self):
        """Return the claims a person made or accepted (not open suggestions nor dismissed ones)."""
        return [c for c in self.claims if c.review_state not in NOT_CLAIMS]


@dataclass
class Lookup:
    """The small tables every export refers to: people and the verdict scale.

    user() and verdict() return new dicts, so a caller may change a document; the `shared()`
    lookup returns one dict per person and per verdict, for documents serialised at once.
    """

    users: dict
    verdicts: dict

    @classmethod
    def load(cls):
        users = {u.id: u for u in db.session.execute(select(User.id, User.username, User.display_name))}
        verdicts = {v.key: v for v in db.session.execute(select(Verdict.key, Verdict.label, Verdict.rating))}
        return cls(users, verdicts)

    def shared(self):
        people = {user_id: self.user(user_id) for user_id in self.users}
        return SharedLookup(self.users, self.verdicts, people, {key: self.verdict(key) for key in self.verdicts})

    def user(self, user_id):
        row = self.users.get(user_id)
        return None if row is None else {"username": row.username, "display_name": row.display_name}

    def verdict(self, key):
        if key is None:
            return None
        row = self.verdicts.get(key)
        return {"key": key, "label": row.label if row else key, "rating": row.rating if row else None}

    def signed(self, sign_off):
        """Return the lookup for an article under this sign-off (None: not signed off): the verdict
        labels and ratings the sign-off recorded, not the scale as it is now."""
        verdicts = signed_verdicts(sign_off)
        return self if verdicts is None else replace(self, verdicts=verdicts, **self._no_shared_scale())

    def _no_shared_scale(self):
        return {}


SignedVerdict = namedtuple("SignedVerdict", "key label rating")


def signed_verdicts(sign_off):
    """Return {key: SignedVerdict} that a sign-off recorded, or None (none in force, or one made
    before sign-offs recorded their terms)."""
    terms = sign_off.terms if sign_off is not None else None
    if not terms:
        return None
    return {key: SignedVerdict(key, v["label"], v["rating"]) for key, v in terms["verdicts"].items()}


def signed_publisher(sign_off, publisher):
    """Return the ClaimReview publisher a sign-off recorded, else publisher (the configured one)."""
    terms = sign_off.terms if sign_off is not None else None
    return terms["publisher"] if terms and terms.get("publisher") else publisher


@dataclass
class SharedLookup(Lookup):
    """A Lookup that hands out the same dict for a person or a verdict every time."""

    people: dict = field(default_factory=dict)
    scale: dict = field(default_factory=dict)

    def user(self, user_id):
        return self.people.get(user_id)

    def verdict(self, key):
        found = self.scale.get(key)
        return found if found is not None else super().verdict(key)

    def _no_shared_scale(self):
        return {"scale": {}}  # the shared dicts hold today's labels


def utc_iso(value):
    """Write a datetime in UTC with Z, and a date as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:  # a raw row's time: the naive UTC the database stores
            return value.isoformat() + "Z"
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


@cache  # reads the installed package's metadata: once, not once a document
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


def iter_batches(filters, batch=None):
    """Yield (ids, claims): the selected articles' ids, in order, a batch at a time (see BATCH_*),
    and how many claims they have."""
    clauses, last_id = article_filter(filters), 0
    while found := _next_batch(clauses, last_id, batch or BATCH_ARTICLES):
        yield found
        last_id = found[0][-1]


def _next_batch(clauses, last_id, batch):
    """Return the next articles' ids, up to `batch`, cut where their claims pass BATCH_CLAIMS."""
    claims = select(func.count()).where(Claim.article_id == Article.id).scalar_subquery()
    found = fetch_rows(
        select(Article.id, claims).where(Article.id > last_id, *clauses).order_by(Article.id).limit(batch))
    ids, total = [], 0
    for article_id, count in found:
        if ids and total + count > BATCH_CLAIMS:
            break
        ids.append(article_id)
        total += count
    return (ids, total) if ids else None


def iter_bundles(filters, batch=None, raw=False):
    """Yield a Bundle per selected article, by id, a batch of articles at a time.

    raw: rows as exports_rows reads them raw (times as the naive UTC stored), for the native
    format (utc_iso writes both kinds); the other formats take the models' aware datetimes.
    """
    for ids, _ in iter_batches(filters, batch):
        yield from load_bundles(ids, raw)


def grouped(rows, key):
    return {k: list(group) for k, group in groupby(rows, key=attrgetter(key))}


CLAIM_ORDER = (Claim.article_id, Claim.start, Claim.end, Claim.id)


def claims_query(ids, raw):
    return select_rows(Claim, raw).where(Claim.article_id.in_(ids)).order_by(*CLAIM_ORDER)


def sources_query(claim_ids, raw):
    return select_rows(Source, raw).where(Source.claim_id.in_(claim_ids)).order_by(
        Source.claim_id, Source.position, Source.id)


def sources_in_claim_order(ids, raw):
    """Return the sources of the articles' claims in the order of claims_query (see Aligned)."""
    return (select_rows(Source, raw).join(Claim, Claim.id == Source.claim_id).where(Claim.article_id.in_(ids))
            .order_by(*CLAIM_ORDER, Source.position, Source.id))


def events_query(ids, raw):
    return select_rows(Event, raw).where(Event.article_id.in_(ids)).order_by(Event.article_id, Event.id)


def load_bundles(ids, raw=False, whole=True):
    """Return a Bundle for each article id, with one query per related table; whole=False leaves
    the claims (and their sources) and the history out, for a caller that reads them in pages."""
    def by(key, query):
        return grouped(fetch_rows(query), key)

    articles = fetch_rows(select_rows(Article, raw).where(Article.id.in_(ids)).order_by(Article.id))
    sign_offs = by("article_id", select_rows(SignOff, raw).where(SignOff.article_id.in_(ids))
                   .order_by(SignOff.article_id, SignOff.id))
    revisions = by("article_id", select_rows(Revision, raw).where(Revision.article_id.in_(ids))
                   .order_by(Revision.article_id, Revision.number))
    assignments = by("article_id", select_rows(Assignment, raw).where(Assignment.article_id.in_(ids))
                     .order_by(Assignment.article_id, Assignment.id))
    claims, sources, events = {}, {}, {}
    if whole:
        claims, events = by("article_id", claims_query(ids, raw)), by("article_id", events_query(ids, raw))
        claim_ids = select(Claim.id).where(Claim.article_id.in_(ids)).scalar_subquery()
        sources = by("claim_id", sources_query(claim_ids, raw))
    return [Bundle(a, claims.get(a.id, []), sources, sign_offs.get(a.id, []), revisions.get(a.id, []),
                   events.get(a.id, []), assignments.get(a.id, [])) for a in articles]


def get_bundle(article_id, raw=False):
    """Return the Bundle of one article or raise NotFound."""
    bundle = next(iter_bundles(ExportFilters(article_ids=(article_id,)), raw=raw), None)
    if bundle is None:
        raise NotFound("No such article.")
    return bundle


# --- the native format ------------------------------------------------------------------------

def native_document(bundle, lookup):
    """Return one article in the native format claim-annotator/1 (verdicts as signed off)."""
    lookup = lookup.signed(bundle.live_sign_off)
    document = {
        "format": FORMAT,
        "exported_at": utc_iso(utcnow()),
        "generator": {"name": "Claim Annotator", "version": generator_version()},
        "article": _article(bundle, lookup),
    }
    if bundle.assignments:  # optional: a document without people assigned reads as before
        document["assignments"] = [_assignment(a, lookup) for a in bundle.assignments]
    document["claims"] = [claim_object(c, bundle.sources.get(c.id, []), lookup) for c in bundle.claims]
    document["sign_offs"] = [_sign_off(s, lookup) for s in bundle.sign_offs]
    document["history"] = [event_object(e, lookup) for e in bundle.events]
    threads = exports_threads.thread_objects(bundle.article.id, lookup)
    if threads:  # optional, as assignments are
        document["threads"] = threads
    return document


def _assignment(a, lookup):
    # Who assigned is in the history (the assign event's actor), not repeated here.
    person = lookup.user(a.user_id) if a.user_id is not None else None
    return {"person": person or {"username": a.username, "display_name": a.display_name}, "role": a.role,
            "due_on": utc_iso(a.due_on), "priority": a.priority, "assigned_at": utc_iso(a.assigned_at)}


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


def _same(*names):
    return [(name, name) for name in names]


CLAIM = Shape(Claim.__table__, [
    *_same("id", "start", "end", "quote", "prefix", "suffix", "claimant"), ("verdict", "verdict_key"),
    *_same("notes", "origin", "score", "reasons", "review_state", "reviewer_comment", "anchor_state",
           "anchor_method"),
    ("created_by", "created_by_id"), ("created_at", "created_at"), ("updated_by", "updated_by_id"),
    ("updated_at", "updated_at"),
])
SOURCE = Shape(Source.__table__, _same(
    "id", "url", "title", "publisher", "published_on", "passage", "relation", "archive_url", "created_at"))
EVENT = Shape(Event.__table__, [
    ("at", "at"), ("actor", "actor_id"),
    *_same("entity", "entity_id", "claim_id", "action", "field", "old", "new"),
])


def claim_object(c, sources, lookup):
    claim = CLAIM(c)
    claim["verdict"] = lookup.verdict(claim["verdict"])
    claim["reasons"] = list(claim["reasons"] or [])
    claim["created_by"], claim["created_at"] = lookup.user(claim["created_by"]), utc_iso(claim["created_at"])
    claim["updated_by"], claim["updated_at"] = lookup.user(claim["updated_by"]), utc_iso(claim["updated_at"])
    claim["sources"] = [_source(s) for s in sources]
    return claim


def _source(s):
    source = SOURCE(s)
    source["published_on"], source["created_at"] = utc_iso(source["published_on"]), utc_iso(source["created_at"])
    return source


def _sign_off(s, lookup):
    record = {
        "id": s.id, "reviewer": lookup.user(s.reviewer_id), "signed_at": utc_iso(s.signed_at),
        "content_hash": s.content_hash, "self_review": s.self_review,
        "reopened_at": utc_iso(s.reopened_at), "reopened_by": lookup.user(s.reopened_by_id),
        "reopen_reason": s.reopen_reason,
    }
    if s.terms:
        record["terms"] = s.terms
    if s.imported:  # another instance's record: the names it carried, not local accounts
        record.update(imported=True, reviewer=s.reviewer_name,
                      reopened_by=record["reopened_by"] or s.reopened_by_name)
    return record


def event_object(e, lookup):
    event = EVENT(e)
    event["at"], event["actor"] = utc_iso(event["at"]), lookup.user(event["actor"])
    if e.imported:
        event["actor"], event["imported"] = e.actor_name, True
    return event


def export_article(article_id):
    """Return one article as a native document."""
    return native_document(get_bundle(article_id, raw=True), Lookup.load())


def dumps(document):
    """Serialise compactly, keeping non-ASCII text readable."""
    return _ENCODER.encode(document)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return utc_iso(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain)  # made once, not a call
