"""Live updates: what changed in an article since a cursor, read from the append-only history,
and who else has it open (presence), both kept in the database so every app process answers alike.

A poll costs one statement: the article's row outer-joined with its events after the cursor
(on ix_events_article_id_id), and, in the same answer, the people present (on
ix_presence_article_id_seen_at); the claims the new events touched are loaded only when there
are some.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, bindparam, delete, func, literal, null, select, text, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

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


def list_changes(article_id, after, seen=None, viewer=None, now=None):
    """Return the Changes of article_id after event id `after`; claims only for events past `seen`.

    Raises NotFound for an unknown article.
    """
    now = now or utcnow()
    rows = db.session.execute(POLL, {"article_id": article_id, "after": after, **_present_params(viewer, now)}).all()
    feed = [row for row in rows if row.part == "event"]
    if not feed:
        raise NotFound("No such article.")
    head = feed[0]
    events = [row for row in feed if row.id is not None]
    found = Changes(article_id, head.state, head.version, _cursor(events, after, now), more=len(events) > MAX_EVENTS)
    found.events = events[:MAX_EVENTS]
    _load_claims(found, [e.claim_id for e in found.events if e.id > (seen if seen is not None else after)])
    found.present = [row for row in rows if row.part == "present"]
    return found


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


def _load_claims(found, claim_ids):
    wanted = sorted({i for i in claim_ids if i is not None})
    if not wanted:
        return
    found.claims = db.session.scalars(
        select(Claim).where(Claim.id.in_(wanted), Claim.article_id == found.article_id)
        .options(selectinload(Claim.sources)).order_by(Claim.id)).all()
    have = {c.id for c in found.claims}
    found.gone = [i for i in wanted if i not in have]


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
    db.session.flush()


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
    db.session.flush()
