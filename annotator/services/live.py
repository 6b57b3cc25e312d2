"""Live updates: what changed in an article since a cursor, read from the append-only history,
and who else has it open (presence), both kept in the database so every app process answers alike.

A read of the feed costs one statement: the article's row outer-joined with its events after the
cursor (on ix_events_article_id_id), and, in the same answer, the people present (on
ix_presence_article_id_seen_at); the claims the new events touched are loaded only when there
are some. Fifty people watching one article poll it fifty times a second: a FeedCache answers
each poll of a process from that process's last read of the article's feed, read again at most
every FEED_FRESH_SECONDS and at once after this process writes an event or a heartbeat. The
database stays the one truth: another process's save reaches a poll at most that much later.
"""
import itertools
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, bindparam, delete, event, func, literal, null, select, text, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from annotator.extensions import db
from annotator.models import Article, Claim, Event, Presence, User, utcnow
from annotator.services.errors import NotFound

MAX_EVENTS = 200
PRESENCE_SECONDS = 25  # a heartbeat every 10 s: one missed does not make a person vanish
# On PostgreSQL ids come from a sequence: a transaction may commit an event with a lower id after
# one with a higher id was read. The cursor only passes events older than this, so a late commit
# is still read by the next poll; the client skips the ids it has already seen.
SETTLE_SECONDS = 5


@dataclass
class Changes:
    """What a poll answers: the article's state, the new events, the claims they touched."""

    article_id: int
    state: str
    version: int
    cursor: int
    events: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    gone: list = field(default_factory=list)  # claim ids the events name that no longer exist
    more: bool = False
    present: list = field(default_factory=list)


@dataclass
class Feed:
    """An article's events after `floor` (at most MAX_EVENTS + 1), the claims the first MAX_EVENTS
    of them touched by id, and the people present, as one read saw them."""

    article_id: int
    state: str
    version: int
    floor: int
    events: list
    claims: dict
    present: list
    # what a poll sends of each event (by id) and person (by username), made once by a FeedCache
    sent_events: dict = field(default_factory=dict)
    sent_people: dict = field(default_factory=dict)


def list_changes(article_id, after, seen=None, viewer=None, now=None):
    """Return the Changes of article_id after event id `after`; claims only for events past `seen`.

    Raises NotFound for an unknown article.
    """
    now = now or utcnow()
    return narrow(read_feed(article_id, after, viewer, now, claims_after=seen), after, seen, now)


def read_feed(article_id, floor, viewer=None, now=None, claims_after=None, known=()):
    """Return the Feed of article_id after event id `floor`, with the claims of its events past
    `claims_after` (default: all of them) but those of the `known` event ids, and the people
    present but viewer. One statement, and one for the claims when there are some.

    Raises NotFound for an unknown article.
    """
    now = now or utcnow()
    rows = db.session.execute(POLL, {"article_id": article_id, "after": floor, **_present_params(viewer, now)}).all()
    feed = [row for row in rows if row.part == "event"]
    if not feed:
        raise NotFound("No such article.")
    events = [row for row in feed if row.id is not None]
    past = claims_after if claims_after is not None else floor
    claims = _load_claims(article_id, [e.claim_id for e in events[:MAX_EVENTS] if e.id > past and e.id not in known])
    return Feed(article_id, feed[0].state, feed[0].version, floor, events,
                {claim.id: claim for claim in claims}, [row for row in rows if row.part == "present"])


def narrow(feed, after, seen, now, viewer=None):
    """Return the Changes one poll answers from a Feed read at or before its cursor `after`: the
    events past it, the claims of those past `seen`, the people present but viewer."""
    events = [e for e in feed.events if e.id > after]
    found = Changes(feed.article_id, feed.state, feed.version, _cursor(events, after, now), more=len(events) > MAX_EVENTS)
    found.events = events[:MAX_EVENTS]
    wanted = sorted({e.claim_id for e in found.events
                     if e.id > (seen if seen is not None else after) and e.claim_id is not None})
    found.claims = [feed.claims[i] for i in wanted if i in feed.claims]
    found.gone = [i for i in wanted if i not in feed.claims]
    found.present = [p for p in feed.present if viewer is None or p.username != viewer.username]
    return found


FEED_FRESH_SECONDS = 0.5
NEWS = threading.Condition()  # notified after this process writes an event or a heartbeat
_WRITES = itertools.count(1)
_writes = {"count": 0}  # bumped after this process writes an event or a heartbeat
WROTE = "live.wrote_event"


class FeedCache:
    """One process's last read of each article's feed. Polls of one article between two reads are
    answered from memory (see the module's docstring), with its claims, events and people as
    `claim`, `event` and `person` make what a poll sends of them, once per read, not once per poll."""

    def __init__(self, claim, event, person):
        self.claim, self.event, self.person = claim, event, person
        # reading: one read of the feed for all the polls and streams that find it stale at once
        self.feeds, self.reading = {}, threading.Lock()

    def changes(self, article_id, after, seen, viewer):
        """Return what list_changes would, with its parts made ready to send, from this process's
        read of the feed when it may."""
        # a poll behind the last read reads from its cursor, and so serves the polls after it
        feed = self.refresh(article_id, after)
        found = narrow(feed, after, seen, utcnow(), viewer)
        found.events = [feed.sent_events[e.id] for e in found.events]
        found.present = [feed.sent_people[p.username] for p in found.present]
        return found

    def refresh(self, article_id, floor):
        """Return the feed of article_id after `floor`, read again if this process's read is stale."""
        found = self._fresh(article_id, floor)
        if found is not None:
            return found
        with self.reading:
            found = self._fresh(article_id, floor)
            if found is None:
                clock, writes = time.monotonic(), _writes["count"]
                found = self._read(article_id, floor, utcnow(), self.feeds.get(article_id, (None, None, None))[2])
                self._forget_old(clock)
                self.feeds[article_id] = (clock, writes, found)
        return found

    def _fresh(self, article_id, after):
        """Return the last read of the feed if it may answer a poll from `after`, else None."""
        read_at, read_after, last = self.feeds.get(article_id, (None, None, None))
        if last is None or read_after != _writes["count"] or time.monotonic() - read_at >= FEED_FRESH_SECONDS:
            return None
        if after < last.floor or (len(last.events) > MAX_EVENTS and after != last.floor):
            return None
        return last

    def _read(self, article_id, after, now, last):
        """Read the feed; a claim whose events were all in the last read is as that read prepared
        it (every change of a claim is a new event), so only the claims of new events are loaded."""
        known = {e.id for e in last.events[:MAX_EVENTS]} if last is not None else set()
        feed = read_feed(article_id, after, now=now, known=known)
        changed = {e.claim_id for e in feed.events[:MAX_EVENTS] if e.id not in known}
        claims = {i: self.claim(claim) for i, claim in feed.claims.items()}
        claims.update((e.claim_id, last.claims[e.claim_id]) for e in feed.events[:MAX_EVENTS]
                      if e.claim_id not in changed and e.claim_id in last.claims)
        feed.claims = claims
        feed.sent_events = {e.id: self.event(e) for e in feed.events[:MAX_EVENTS]}
        feed.sent_people = {p.username: self.person(p) for p in feed.present}
        return feed

    def _forget_old(self, clock):
        for article_id in [a for a, (read_at, _, _) in self.feeds.items() if clock - read_at > 10 * FEED_FRESH_SECONDS]:
            del self.feeds[article_id]


def note_event_flush(session, _flush_context):
    """After a flush that added an event, and again after its commit, let every cache read again."""
    if any(isinstance(obj, Event) for obj in session.new):
        _wrote(session)


def note_commit(session):
    if session.info.pop(WROTE, False):
        _count_write()


def clear_note(session):
    session.info.pop(WROTE, None)


def _wrote(session):
    session.info[WROTE] = True
    _count_write()


def _count_write():
    _writes["count"] = next(_WRITES)
    with NEWS:  # the ticker of this process (live_stream.py) reads again now, not at its next tick
        NEWS.notify_all()


def init_app(app, **prepare):
    """Give the app its cache of feeds (prepare: FeedCache's claim, event and person), and keep
    every cache of this process honest about its own writes (the listeners, once per process)."""
    app.extensions["live_feeds"] = FeedCache(**prepare)
    for name, listener in (("after_flush", note_event_flush), ("after_commit", note_commit),
                           ("after_rollback", clear_note)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def start_cursor(article_id, now=None):
    """Return the cursor a page starts polling from: its last settled event (see SETTLE_SECONDS),
    so the first poll also reads what was saved while the page was being built."""
    settled = (now or utcnow()) - timedelta(seconds=SETTLE_SECONDS)
    return db.session.scalar(select(func.max(Event.id)).where(Event.article_id == article_id, Event.at <= settled)) or 0


# Built once with bound parameters: a poll is frequent, and building a statement costs more
# than running this one.
IS_PRESENT = and_(Presence.article_id == bindparam("article_id"), Presence.seen_at > bindparam("since"),
                  Presence.user_id != bindparam("viewer_id"))
PRESENT = (select(User.username, User.display_name, Presence.claim_id).join(User, User.id == Presence.user_id)
           .where(IS_PRESENT).order_by(User.display_name, User.username))
# One round trip a poll: the article's row with its events after the cursor ("event" rows; one
# with no event when there is none), then the people present ("present" rows, shaped alike).
_EVENTS = (select(literal("event").label("part"), Article.state, Article.version, Event.id, Event.at, Event.entity,
                  Event.action, Event.field, Event.claim_id, User.username, User.display_name)
           .select_from(Article)
           .outerjoin(Event, and_(Event.article_id == Article.id, Event.id > bindparam("after")))
           .outerjoin(User, User.id == Event.actor_id)
           .where(Article.id == bindparam("article_id")).order_by(Event.id).limit(MAX_EVENTS + 1).subquery())
_PRESENT_ROWS = (select(literal("present"), null(), null(), null(), null(), null(), null(), null(), Presence.claim_id,
                        User.username, User.display_name)
                 .join(User, User.id == Presence.user_id).where(IS_PRESENT))
POLL = union_all(select(_EVENTS), _PRESENT_ROWS).order_by("part", "id", "display_name", "username")


def _cursor(events, after, now):
    settled = [e.id for e in events[:MAX_EVENTS] if e.at <= now - timedelta(seconds=SETTLE_SECONDS)]
    return max([after, *settled])


def _load_claims(article_id, claim_ids):
    wanted = sorted({i for i in claim_ids if i is not None})
    if not wanted:
        return []
    return db.session.scalars(
        select(Claim).where(Claim.id.in_(wanted), Claim.article_id == article_id)
        .options(selectinload(Claim.sources)).order_by(Claim.id)).all()


# --- presence ---------------------------------------------------------------------------------

def list_present(article_id, viewer=None, now=None):
    """Return [(username, display name, claim id)] of the people who have the article open, viewer aside."""
    return db.session.execute(PRESENT, {"article_id": article_id, **_present_params(viewer, now or utcnow())}).all()


def _present_params(viewer, now):
    since = now - timedelta(seconds=PRESENCE_SECONDS)
    return {"since": since, "viewer_id": viewer.id if viewer is not None else 0}  # no account has id 0


def mark_present(user, article_id, claim_id=None, now=None):
    """Record that user has the article open (on claim_id): one upsert, the only write.

    Raises NotFound for an unknown article, or a claim that is not the article's.
    """
    now = now or utcnow()
    _check_place(article_id, claim_id)
    _commit_without_waiting_for_disk()
    values = {"user_id": user.id, "article_id": article_id, "claim_id": claim_id, "seen_at": now}
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(Presence).values(**values).on_conflict_do_update(
        index_elements=["user_id", "article_id"], set_={"claim_id": claim_id, "seen_at": now}))
    _wrote(db.session)


def _commit_without_waiting_for_disk():
    """On PostgreSQL, let this transaction commit before its WAL reaches the disk: a heartbeat
    lost in a crash expires in PRESENCE_SECONDS anyway, and 50 people's heartbeats should not
    queue for the disk with the saves (only this transaction: SET LOCAL)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _check_place(article_id, claim_id):
    if db.session.scalar(select(Article.id).where(Article.id == article_id)) is None:
        raise NotFound("No such article.")
    if claim_id is not None and db.session.scalar(
            select(Claim.id).where(Claim.id == claim_id, Claim.article_id == article_id)) is None:
        raise NotFound("The article has no such claim.", {"claim_id": ["Name a claim of this article."]})


def mark_gone(user, article_id, now=None):
    """Record that user closed the article: they stop being listed at once. The article's expired
    heartbeats (a tab that crashed) go too; until then list_present skips them by age."""
    expired = (now or utcnow()) - timedelta(seconds=PRESENCE_SECONDS)
    _commit_without_waiting_for_disk()
    db.session.execute(delete(Presence).where(
        Presence.article_id == article_id, (Presence.user_id == user.id) | (Presence.seen_at <= expired)))
    _wrote(db.session)
