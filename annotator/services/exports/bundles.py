"""Bundles: the selected articles, loaded in batches (keyset pagination), each as plain rows.

Every export format reads the same `Bundle`s: one article with its claims, sources, sign-offs,
revisions, history and discussion, loaded a batch of articles at a time with one query per table, as plain
rows (no ORM identity map to grow), so a stream of any length holds one batch in memory. A batch
stops at BATCH_ARTICLES articles or, past its first article, at BATCH_CLAIMS claims; the JSON
Lines and CSV streams read an article with more claims than that in pages (jsonl.py, csv.py).
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from itertools import groupby
from operator import attrgetter

from sqlalchemy import exists, func, select

from annotator.models import ARTICLE_STATES, NOT_LIVE_STATES, Article, Assignment, Claim, Event, Revision, SignOff
from annotator.models import Source
from annotator.services.errors import InvalidInput, NotFound
from annotator.services.exports.rows import collector_paused, fetch_rows, select_rows
from annotator.services.exports.threads import threads_query

BATCH_ARTICLES = 100
BATCH_CLAIMS = 10_000


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
    threads: list = field(default_factory=list)  # rows of threads.threads_query

    @property
    def live_sign_off(self):
        """Return the sign-off in force (the last one, unless reopened, of a signed-off article), or None."""
        last = self.sign_offs[-1] if self.sign_offs else None
        # The state check keeps a stale record (an import made before such files were refused) out.
        in_force = last is not None and last.reopened_at is None and self.article.state == "signed_off"
        return last if in_force else None

    def real_claims(self):
        """Return the claims a person made or accepted (not open suggestions nor dismissed ones)."""
        return [c for c in self.claims if c.review_state not in NOT_LIVE_STATES]


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


def iter_bundles(filters, batch=None, raw=False, history=True):
    """Yield a Bundle per selected article, by id, a batch of articles at a time; history=False
    leaves the history out (a format that does not write it: half the rows of an export).

    raw: rows as rows.select_rows reads them raw (times as the naive UTC stored), for the native
    format (utc_iso writes both kinds); the other formats take the models' aware datetimes.
    """
    for ids, _ in iter_batches(filters, batch):
        yield from load_bundles(ids, raw, history=history)


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


def load_bundles(ids, raw=False, whole=True, history=True):
    """Return a Bundle for each article id, with one query per related table; whole=False leaves
    the claims (and their sources) and the history out, for a caller that reads them in pages."""
    def by(key, query):
        rows = fetch_rows(query)
        with collector_paused():
            return grouped(rows, key)

    articles = fetch_rows(select_rows(Article, raw).where(Article.id.in_(ids)).order_by(Article.id))
    sign_offs = by("article_id", select_rows(SignOff, raw).where(SignOff.article_id.in_(ids))
                   .order_by(SignOff.article_id, SignOff.id))
    revisions = by("article_id", select_rows(Revision, raw).where(Revision.article_id.in_(ids))
                   .order_by(Revision.article_id, Revision.number))
    assignments = by("article_id", select_rows(Assignment, raw).where(Assignment.article_id.in_(ids))
                     .order_by(Assignment.article_id, Assignment.id))
    threads = by("article_id", threads_query(ids))
    claims, sources, events = {}, {}, {}
    if whole:
        claims = by("article_id", claims_query(ids, raw))
        events = by("article_id", events_query(ids, raw)) if history else {}
        claim_ids = select(Claim.id).where(Claim.article_id.in_(ids)).scalar_subquery()
        sources = by("claim_id", sources_query(claim_ids, raw))
    return [Bundle(a, claims.get(a.id, []), sources, sign_offs.get(a.id, []), revisions.get(a.id, []),
                   events.get(a.id, []), assignments.get(a.id, []), threads.get(a.id, [])) for a in articles]


def get_bundle(article_id, raw=False):
    """Return the Bundle of one article or raise NotFound."""
    bundle = next(iter_bundles(ExportFilters(article_ids=(article_id,)), raw=raw), None)
    if bundle is None:
        raise NotFound("No such article.")
    return bundle
