"""Notifications: made in the transaction of the event that causes them, read in the app, and
queued for e-mail (mail_state "pending") for people who want mail, when mail is configured.

The row is the outbox: the worker (annotator/worker.py) sends what is pending, so a restart
between the commit and the mail loses nothing.
"""
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Article, Assignment, Claim, MailPreference, Notification, User, utcnow
from annotator.services.errors import NotFound

MAX_LISTED = 200
# Set on the session when a transaction adds pending mail: after its commit the worker is nudged.
NUDGE = "annotator.mail_nudge"
KIND_TEXT = {
    "assigned": "assigned you to",
    "mentioned": "mentioned you on",
    "replied": "replied in a discussion on",
    "sent_back": "sent a claim back to you on",
    "ready_for_review": "submitted for your review",
    "signed_off": "signed off",
    "reopened": "reopened",
}


def notify(user_ids, kind, actor, article_id, claim_id=None, comment_id=None):
    """Add one notification for each user (never the actor), in the caller's transaction."""
    wanted = sorted({u for u in user_ids if u is not None and (actor is None or u != actor.id)})
    if not wanted:
        return []
    mailable = _mailable(wanted) if mail_configured() else set()
    rows = [Notification(user_id=u, kind=kind, article_id=article_id, claim_id=claim_id, comment_id=comment_id,
                         actor_id=actor.id if actor is not None else None,
                         mail_state="pending" if u in mailable else "skipped") for u in wanted]
    db.session.add_all(rows)
    if mailable:
        db.session.info[NUDGE] = True
    return rows


def _mailable(user_ids):
    """Return the ids of these users who gave an address and did not turn mail off."""
    return set(db.session.scalars(
        select(MailPreference.user_id).join(User, User.id == MailPreference.user_id)
        .where(MailPreference.user_id.in_(user_ids), MailPreference.email != "",
               MailPreference.frequency != "off", User.active.is_(True))))


def mail_configured():
    """Tell whether this instance sends e-mail (MAIL_SERVER is set)."""
    return bool(current_app.config.get("MAIL_SERVER"))


# --- who hears about what ----------------------------------------------------------------------

def assigned_ids(article_id, role=None):
    """Return the ids of the local accounts assigned to the article (in role, if given)."""
    query = select(Assignment.user_id).where(Assignment.article_id == article_id, Assignment.user_id.is_not(None))
    return set(db.session.scalars(query.where(Assignment.role == role) if role else query))


def claim_people(claim):
    """Return who works on a claim: who made it, who changed it last, its article's annotators."""
    return {claim.created_by_id, claim.updated_by_id} | assigned_ids(claim.article_id, "annotator")


# --- reading and marking ----------------------------------------------------------------------

def list_notifications(user, unread_only=False, limit=MAX_LISTED):
    """Return the user's notifications, newest first, with actor, article title and claim quote."""
    query = (select(Notification, Article.title, Claim.quote)
             .outerjoin(Article, Article.id == Notification.article_id)
             .outerjoin(Claim, Claim.id == Notification.claim_id)
             .where(Notification.user_id == user.id).options(selectinload(Notification.actor))
             .order_by(Notification.id.desc()).limit(limit))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return db.session.execute(query).all()


def count_unread_subquery(user):
    return (select(func.count()).select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None)).scalar_subquery())


def count_unread(user):
    """Return how many of the user's notifications are unread (the bell's number)."""
    return db.session.scalar(select(count_unread_subquery(user)))


def mark_read(user, notification_id):
    """Mark one of the user's notifications read; another person's is NotFound, as if absent."""
    found = db.session.get(Notification, notification_id)
    if found is None or found.user_id != user.id:
        raise NotFound("No such notification.")
    if found.read_at is None:
        found.read_at = utcnow()
    db.session.flush()
    return found


def mark_all_read(user):
    """Mark every unread notification of the user read; return how many were."""
    result = db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=utcnow()))
    return result.rowcount


def link_of(article_id, claim_id):
    """Return the path of the page a notification points at: the claim open on its article."""
    if article_id is None:
        return "/my-work"
    return f"/articles/{article_id}#claim-{claim_id}" if claim_id else f"/articles/{article_id}#discussion"


def sentence(kind, actor_name, title):
    """Return what happened, in words: "Anna mentioned you on Budget speech"."""
    return f"{actor_name or 'Someone'} {KIND_TEXT.get(kind, kind)} {title or 'an article'}"

