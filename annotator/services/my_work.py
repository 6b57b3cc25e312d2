"""My work: what one person should do now, in sections, and the count the navigation shows.

Each section is a loader registered with @section; a later part of the product (mentions,
discussion threads, notifications) adds its own loader here and the page shows it, with no
change to the view or the template. A loader costs one query.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from annotator.extensions import db
from annotator.models import Article, Assignment, Claim
from annotator.services.article_list import is_overdue
from annotator.services.assignments import today_utc
from annotator.text.words import counted

DUE_SOON_DAYS = 3
MAX_ITEMS = 100
QUOTE_CHARS = 140


@dataclass
class WorkItem:
    """One thing to do: an article, or a claim of it, with why and by when."""

    article_id: int
    article_title: str
    claim_id: int | None = None
    detail: str = ""
    note: str = ""
    due_on: date | None = None
    priority: str = ""
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    empty: str
    items: list = field(default_factory=list)
    counted: bool = True  # whether its items count in the navigation's badge


@dataclass(frozen=True)
class _Loader:
    key: str
    title: str
    empty: str
    load: object
    count: object = None  # a function(user) -> a scalar subquery counting the items, or None


SECTIONS = []


def section(key, title, empty, count=None):
    """Register a loader function(user, today) -> [WorkItem] as a section of My work."""
    def register(load):
        SECTIONS.append(_Loader(key, title, empty, load, count))
        return load
    return register


def list_my_work(user, today=None):
    """Return every section of the user's work, in order, one query a section."""
    today = today or today_utc()
    return [Section(s.key, s.title, s.empty, s.load(user, today), s.count is not None) for s in SECTIONS]


def count_my_work(user):
    """Return how many things wait for the user (the counted sections' items), in one statement."""
    counts = [s.count(user) for s in SECTIONS if s.count is not None]
    return sum(db.session.execute(select(*counts)).one()) if counts else 0


def _mine(user, role):
    return (Assignment.user_id == user.id) & (Assignment.role == role)


def _claims_of_mine(user):
    assigned = select(Assignment.id).where(Assignment.article_id == Claim.article_id, _mine(user, "annotator")).exists()
    return or_(Claim.updated_by_id == user.id, Claim.created_by_id == user.id, assigned)


def _short(text, limit=QUOTE_CHARS):
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the sections -----------------------------------------------------------------------------

def _count_assigned(user):
    return (select(func.count()).select_from(Assignment).join(Article, Article.id == Assignment.article_id)
            .where(_mine(user, "annotator"), Article.state == "annotating").scalar_subquery())


@section("assigned", "Assigned to me to annotate", "No article is assigned to you to annotate.", _count_assigned)
def assigned_to_me(user, today):
    rows = db.session.execute(
        select(Article.id, Article.title, Article.state, Assignment.due_on, Assignment.priority)
        .join(Assignment, Assignment.article_id == Article.id)
        .where(_mine(user, "annotator"), Article.state == "annotating")
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Article.id).limit(MAX_ITEMS)
    ).all()
    return [WorkItem(r.id, r.title, due_on=r.due_on, priority=r.priority,
                     overdue=is_overdue(r.due_on, r.state, today)) for r in rows]


def _count_sent_back(user):
    return (select(func.count()).select_from(Claim)
            .where(Claim.is_sent_back, _claims_of_mine(user)).scalar_subquery())


@section("sent_back", "Claims sent back to me", "No claim is waiting for your changes.", _count_sent_back)
def sent_back_to_me(user, today):
    rows = db.session.execute(
        select(Claim.id, Claim.article_id, Claim.quote, Claim.reviewer_comment, Article.title)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.is_sent_back, _claims_of_mine(user))
        .order_by(Claim.updated_at, Claim.id).limit(MAX_ITEMS)
    ).all()
    return [WorkItem(r.article_id, r.title, claim_id=r.id, detail=_short(r.quote), note=_short(r.reviewer_comment, 300))
            for r in rows]


def _count_to_review(user):
    return (select(func.count()).select_from(Assignment).join(Article, Article.id == Assignment.article_id)
            .where(_mine(user, "reviewer"), Article.state == "in_review").scalar_subquery())


@section("to_review", "Waiting for my review", "No article assigned to you is waiting for review.", _count_to_review)
def waiting_for_my_review(user, today):
    waiting = (select(func.count()).where(Claim.article_id == Article.id, Claim.is_submitted)
               .scalar_subquery())
    rows = db.session.execute(
        select(Article.id, Article.title, Article.state, Assignment.due_on, Assignment.priority, waiting.label("waiting"))
        .join(Assignment, Assignment.article_id == Article.id)
        .where(_mine(user, "reviewer"), Article.state == "in_review")
        .order_by(Assignment.due_on.is_(None), Assignment.due_on, Article.id).limit(MAX_ITEMS)
    ).all()
    return [WorkItem(r.id, r.title, detail=f"{counted(r.waiting, 'claim')} waiting", due_on=r.due_on, priority=r.priority,
                     overdue=is_overdue(r.due_on, r.state, today)) for r in rows]


@section("due_soon", f"Due within {DUE_SOON_DAYS} days or overdue", "Nothing of yours is due soon.")
def due_soon(user, today):
    rows = db.session.execute(
        select(Article.id, Article.title, Article.state, Assignment.role, Assignment.due_on, Assignment.priority)
        .join(Assignment, Assignment.article_id == Article.id)
        .where(Assignment.user_id == user.id, Article.state != "signed_off",
               Assignment.due_on <= today + timedelta(days=DUE_SOON_DAYS))
        .order_by(Assignment.due_on, Article.id).limit(MAX_ITEMS)
    ).all()
    return [WorkItem(r.id, r.title, detail=f"You {'review' if r.role == 'reviewer' else 'annotate'} it",
                     due_on=r.due_on, priority=r.priority, overdue=is_overdue(r.due_on, r.state, today))
            for r in rows]
