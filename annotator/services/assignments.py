"""Assignments: an editor (a reviewer or an admin) gives an article to annotators and a reviewer,
with a due date and a priority; every assign, reassign and unassign is a history event.

The article's due date and priority are written on each of its assignment rows (one row a
person), so the export can list people one by one; the list page reads the earliest due date
and the highest priority.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import delete, func, select, update

from annotator import permissions
from annotator.extensions import db
from annotator.limits import ANNOTATORS_PER_ARTICLE
from annotator.models import PRIORITIES, Article, Assignment, User
from annotator.models.types import iso_time
from annotator.services import notifications
from annotator.services.errors import InvalidInput
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found

DEFAULT_PRIORITY = "normal"


def today_utc():
    """Return today's date in UTC, the day due dates are compared with."""
    return datetime.now(timezone.utc).date()


@dataclass
class ArticleAssignment:
    """Who works on one article: its annotators, its reviewer, the due date and the priority."""

    article_id: int
    annotators: list = field(default_factory=list)
    reviewer: Assignment | None = None
    due_on: date | None = None
    priority: str = DEFAULT_PRIORITY

    @property
    def is_empty(self):
        return not self.annotators and self.reviewer is None

    def summary(self):
        """Return the assignment as the plain values a history event keeps (names, not ids)."""
        if self.is_empty:
            return None
        return {"annotators": [a.username for a in self.annotators],
                "reviewer": self.reviewer.username if self.reviewer else None,
                "due_on": iso_time(self.due_on), "priority": self.priority}

    def includes(self, user_id):
        return any(a.user_id == user_id for a in self.rows())

    def rows(self):
        return [*self.annotators, *([self.reviewer] if self.reviewer else [])]


def from_rows(article_id, rows):
    """Group an article's assignment rows into an ArticleAssignment."""
    plan = ArticleAssignment(article_id)
    for row in rows:
        if row.role == "reviewer":
            plan.reviewer = plan.reviewer or row
        else:
            plan.annotators.append(row)
    if rows:
        dates = [r.due_on for r in rows if r.due_on is not None]
        plan.due_on = min(dates) if dates else None
        plan.priority = max((r.priority for r in rows), key=priority_rank)
    return plan


def priority_rank(priority):
    """Return where a priority stands, lowest 0; an unknown one counts as normal."""
    return PRIORITIES.index(priority) if priority in PRIORITIES else PRIORITIES.index(DEFAULT_PRIORITY)


# --- reading ----------------------------------------------------------------------------------

def get_assignment(article_id):
    """Return the article's ArticleAssignment (empty when nobody is assigned), in one query."""
    return assignments_by_article([article_id])[article_id]


def assignments_by_article(article_ids):
    """Return {article id: ArticleAssignment} for these articles, in one query."""
    rows = db.session.scalars(
        select(Assignment).where(Assignment.article_id.in_(article_ids))
        .order_by(Assignment.article_id, Assignment.role, Assignment.display_name, Assignment.id)
    ).all() if article_ids else []
    grouped = {article_id: [] for article_id in article_ids}
    for row in rows:
        grouped[row.article_id].append(row)
    return {article_id: from_rows(article_id, found) for article_id, found in grouped.items()}


def list_assignable_users():
    """Return the active accounts, by display name: the people work can go to."""
    return db.session.scalars(
        select(User).where(User.active.is_(True)).order_by(func.lower(User.display_name), User.username)
    ).all()


# --- checking ---------------------------------------------------------------------------------

def _resolve(usernames, field_name):
    """Return {lower-case username: User} for the names, refusing the unknown ones by name."""
    wanted = {name.lower() for name in usernames}
    users = {u.username.lower(): u for u in db.session.scalars(
        select(User).where(func.lower(User.username).in_(wanted)))} if wanted else {}
    unknown = [name for name in usernames if name.lower() not in users]
    if unknown:
        message = f"No account is named {unknown[0]!r}."
        raise InvalidInput(message, {field_name: [message]})
    return users


def _check_people(annotators, reviewer, allow_self_review):
    errors = {}
    for user in annotators:
        if not user.active:
            errors.setdefault("annotators", []).append(f"{user.username}'s account is deactivated; choose an active account.")
        elif not user.can_annotate():
            errors.setdefault("annotators", []).append(f"{user.username} cannot annotate.")
    if reviewer is not None:
        if not reviewer.active:
            errors["reviewer"] = [f"{reviewer.username}'s account is deactivated; choose an active account."]
        elif not reviewer.can_review():
            errors["reviewer"] = [f"{reviewer.username} is an annotator and cannot review; choose a reviewer or an admin."]
        elif reviewer in annotators and not allow_self_review:
            errors["reviewer"] = [f"{reviewer.username} annotates this article, so someone else must review it."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors)


def _check_plan(annotator_names, priority, due_on, old, today):
    if not annotator_names:
        raise InvalidInput("Choose at least one annotator.", {"annotators": ["Choose at least one annotator."]})
    if len(annotator_names) > ANNOTATORS_PER_ARTICLE:
        message = f"Choose at most {ANNOTATORS_PER_ARTICLE} annotators."
        raise InvalidInput(message, {"annotators": [message]})
    if priority not in PRIORITIES:
        message = f"Unknown priority {priority!r}; use {', '.join(PRIORITIES)}."
        raise InvalidInput(message, {"priority": [message]})
    # A past date is refused when it is set, not when a reassignment keeps an overdue one.
    if due_on is not None and due_on < today and due_on != old.due_on:
        message = f"The due date {iso_time(due_on)} is in the past; choose today or later."
        raise InvalidInput(message, {"due_on": [message]})


# --- writing ----------------------------------------------------------------------------------

def assign_article(actor, article_id, annotator_names, reviewer_name=None, due_on=None,
                   priority=DEFAULT_PRIORITY, *, allow_self_review=False, today=None):
    """Give the article to these annotators and this reviewer, replacing any earlier assignment.

    Raises PermissionDenied unless actor reviews; InvalidInput naming the field for an unknown or
    deactivated person, a plain annotator as reviewer, a past due date or an unknown priority.
    """
    check_can_assign(actor)
    article = _lock(article_id)
    old = get_assignment(article.id)
    before = {(row.user_id, row.role) for row in old.rows()}
    # Keep the order given, drop repeats: usernames are unique regardless of case, so "anna"
    # and "ANNA" are one person and must not become two assignment rows.
    names = list(_first_by_case(annotator_names).values())
    _check_plan(names, priority, due_on, old, today or today_utc())
    users = _resolve(names, "annotators") | (_resolve([reviewer_name], "reviewer") if reviewer_name else {})
    annotators = [users[n.lower()] for n in names]
    reviewer = users[reviewer_name.lower()] if reviewer_name else None
    _check_people(annotators, reviewer, allow_self_review)
    new = _replace(actor, article.id, annotators, reviewer, due_on, priority)
    if new.summary() != old.summary():
        record_event(actor, "assignment", "reassign" if not old.is_empty else "assign", article_id=article.id,
                     field="assignment", old=old.summary(), new=new.summary())
    notifications.notify([r.user_id for r in new.rows() if (r.user_id, r.role) not in before], "assigned", actor, article.id)
    return new


def _first_by_case(names):
    """Return {lower-case name: the first spelling given}, in the order given."""
    first = {}
    for name in names:
        first.setdefault(name.lower(), name)
    return first


def unassign_article(actor, article_id):
    """Take the article away from everyone assigned to it; returns the assignment that was."""
    check_can_assign(actor)
    article = _lock(article_id)
    old = get_assignment(article.id)
    if not old.is_empty:
        db.session.execute(delete(Assignment).where(Assignment.article_id == article.id))
        write_plan(ArticleAssignment(article.id))
        record_event(actor, "assignment", "unassign", article_id=article.id, field="assignment",
                     old=old.summary())
        db.session.flush()
    return old


def check_can_assign(actor):
    """Raise PermissionDenied unless actor may give work to people (reviewers and admins)."""
    permissions.check(actor, "assignment.manage")


def _lock(article_id):
    """Load the article, taking its row FOR UPDATE (PostgreSQL) so two reassignments queue."""
    article = get_or_not_found(Article, article_id, "No such article.")
    db.session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
    return article


def _replace(actor, article_id, annotators, reviewer, due_on, priority):
    db.session.execute(delete(Assignment).where(Assignment.article_id == article_id))
    people = [(u, "annotator") for u in annotators] + ([(reviewer, "reviewer")] if reviewer else [])
    rows = [Assignment(article_id=article_id, user_id=u.id, username=u.username, display_name=u.display_name,
                       role=role, due_on=due_on, priority=priority, assigned_by_id=actor.id)
            for u, role in people]
    db.session.add_all(rows)
    db.session.flush()
    plan = from_rows(article_id, rows)
    write_plan(plan)
    return plan


def write_plan(plan):
    """Copy the plan's due date and priority onto the article's row, which the list sorts by.

    A core UPDATE: it is not an edit of the article, so neither its version nor updated_at moves.
    """
    db.session.execute(
        update(Article).where(Article.id == plan.article_id)
        .values(due_on=plan.due_on, priority_rank=-1 if plan.is_empty else priority_rank(plan.priority),
                version=Article.version, updated_at=Article.updated_at)
        .execution_options(synchronize_session=False))
