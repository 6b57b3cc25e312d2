"""Discussion: a thread per claim and one per article; comments with @mentions, edited by their
author within a short window; threads resolved and reopened. Every step is a history event
(action "discuss", a review action: talking about a claim does not make it yours to approve)."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.limits import COMMENT_CHARS
from annotator.models import Article, Claim, Comment, Notification, Thread, User, utcnow
from annotator.services import notifications
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found
from annotator.text.mentions import find_mentions

MAX_COMMENT_CHARS = COMMENT_CHARS
MAX_MENTIONS = 20
DEFAULT_EDIT_SECONDS = 15 * 60


def subject_of(article_id, claim_id=None):
    return f"claim:{claim_id}" if claim_id is not None else f"article:{article_id}"


def find_thread(article_id, claim_id=None):
    """Return the thread of the claim (or of the article), or None when nobody has written."""
    return db.session.scalar(select(Thread).where(Thread.subject == subject_of(article_id, claim_id)))


def target_of(claim_id=None, article_id=None):
    """Return (article id, claim id) of what a thread is about, refusing what does not exist."""
    if claim_id is not None:
        claim = get_or_not_found(Claim, claim_id, "No such claim.")
        return claim.article_id, claim.id
    return get_or_not_found(Article, article_id, "No such article.").id, None


def list_comments(thread):
    """Return the thread's comments, oldest first, authors loaded (empty for no thread)."""
    if thread is None:
        return []
    return db.session.scalars(select(Comment).where(Comment.thread_id == thread.id)
                              .options(selectinload(Comment.author)).order_by(Comment.id)).all()


def count_comments(article_id):
    """Return {claim id: number of comments in its thread} for the article's claims, in one query."""
    return dict(db.session.execute(
        select(Thread.claim_id, func.count(Comment.id)).join(Comment, Comment.thread_id == Thread.id)
        .where(Thread.article_id == article_id, Thread.claim_id.is_not(None)).group_by(Thread.claim_id)).all())


def _thread_for_writing(article_id, claim_id):
    """Return the thread, creating it; two first comments at once still make one thread."""
    found = find_thread(article_id, claim_id)
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            thread = Thread(subject=subject_of(article_id, claim_id), article_id=article_id, claim_id=claim_id)
            db.session.add(thread)
    except IntegrityError:
        return find_thread(article_id, claim_id)
    return thread


def clean_body(body):
    """Return the comment's text, stripped; refuse an empty or an over-long one."""
    body = (body or "").strip()
    if not body:
        raise InvalidInput("Write a comment first.", {"body": ["Write a comment first."]})
    if len(body) > MAX_COMMENT_CHARS:
        message = f"A comment holds at most {MAX_COMMENT_CHARS} characters; this one has {len(body)}."
        raise InvalidInput(message, {"body": [message]})
    return body


def resolve_mentions(body, field="body"):
    """Return the active accounts the body mentions; refuse an unknown or deactivated name by
    name (InvalidInput on field)."""
    names = find_mentions(body)
    if len(names) > MAX_MENTIONS:
        raise InvalidInput(f"Mention at most {MAX_MENTIONS} people in one comment.", {field: ["Too many mentions."]})
    users = {u.username.lower(): u for u in db.session.scalars(
        select(User).where(func.lower(User.username).in_([n.lower() for n in names])))} if names else {}
    for name in names:
        user = users.get(name.lower())
        problem = "No account is named" if user is None else None if user.active else "The account is deactivated:"
        if problem:
            message = f"{problem} @{name}. Mention someone from the list."
            raise InvalidInput(message, {field: [message]})
    return list(users.values())


def post_comment(actor, body, *, claim_id=None, article_id=None, kind="comment", tell=None):
    """Add a comment to the claim's thread (or the article's), notifying whoever it mentions
    and whoever wrote in the thread before; tell is the caller's (kind, user ids) for this
    comment (review's "sent_back"), which comes first: nobody hears twice of one comment.

    Raises NotFound for a missing claim or article, InvalidInput for an empty or over-long
    text and for a mention of an unknown or deactivated account. A resolved thread reopens.
    """
    _check_may_discuss(actor)
    article_id, claim_id = target_of(claim_id, article_id)
    body = clean_body(body)
    mentioned = resolve_mentions(body)
    thread = _thread_for_writing(article_id, claim_id)
    if thread.is_resolved:
        _set_resolved(actor, thread, False)
    comment = Comment(thread_id=thread.id, author_id=actor.id, body=body, kind=kind,
                      mentions=sorted(u.username for u in mentioned))
    db.session.add(comment)
    db.session.flush()
    if kind != "request_changes":  # review.request_changes records that one as its "comment" event
        _record(actor, thread, "comment", comment.id, new=body)
    reasons = [tell] if tell else []
    _notify_once(actor, thread, comment, [*reasons, ("mentioned", [u.id for u in mentioned]),
                                          ("replied", _participants(thread.id))])
    return comment


def _notify_once(actor, thread, comment, reasons):
    """Notify each person of a comment once, for the first of the (kind, user ids) reasons that
    names them; never its author."""
    told = {actor.id}
    for kind, user_ids in reasons:
        fresh = set(user_ids) - told
        notifications.notify(fresh, kind, actor, thread.article_id, thread.claim_id, comment.id)
        told |= fresh


def _participants(thread_id):
    """Return the ids of the active accounts who wrote in the thread."""
    return set(db.session.scalars(select(Comment.author_id).distinct().join(User, User.id == Comment.author_id)
                                  .where(Comment.thread_id == thread_id, User.active.is_(True))))


def edit_comment(actor, comment_id, body, now=None):
    """Change one's own comment within the edit window; newly mentioned people are notified.

    Raises PermissionDenied for someone else's comment, Conflict once the window has passed.
    """
    comment = db.session.scalar(select(Comment).where(Comment.id == comment_id).options(selectinload(Comment.author)))
    if comment is None:
        raise NotFound("No such comment.")
    if comment.author_id is None or comment.author_id != actor.id:
        raise PermissionDenied("Only its author can edit a comment.")
    window = edit_window()
    if (now or utcnow()) - comment.created_at > window:
        raise Conflict(f"A comment can be edited for {_minutes(window)} after it is posted; write a new one.")
    body = clean_body(body)
    mentioned = resolve_mentions(body)
    before = set(comment.mentions or [])
    old, comment.body, comment.edited_at = comment.body, body, utcnow()
    comment.mentions = sorted(u.username for u in mentioned)
    thread = db.session.get(Thread, comment.thread_id)
    _record(actor, thread, "edit", comment.id, old=old, new=body)
    _mention_on_edit(actor, thread, comment, [u.id for u in mentioned if u.username not in before])
    db.session.flush()
    return comment


def _mention_on_edit(actor, thread, comment, user_ids):
    """Notify the people an edit newly mentions; whoever heard of this comment as a reply is
    told instead that it mentions them (unread again): still one notification per comment."""
    if not user_ids:
        return
    heard = db.session.scalars(select(Notification).where(Notification.comment_id == comment.id,
                                                          Notification.user_id.in_(user_ids))).all()
    for note in heard:
        if note.kind == "replied":
            note.kind, note.read_at = "mentioned", None
    notifications.notify(set(user_ids) - {n.user_id for n in heard}, "mentioned", actor,
                         thread.article_id, thread.claim_id, comment.id)


def edit_window():
    """Return how long after posting its author may edit a comment (COMMENT_EDIT_SECONDS)."""
    return timedelta(seconds=int(current_app.config.get("COMMENT_EDIT_SECONDS", DEFAULT_EDIT_SECONDS)))


def _minutes(window):
    minutes = int(window.total_seconds() // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}" if minutes else f"{int(window.total_seconds())} seconds"


def set_resolved(actor, thread_id, resolved):
    """Resolve or reopen a thread; refuses a move to the state it is already in."""
    _check_may_discuss(actor)
    thread = get_or_not_found(Thread, thread_id, "No such thread.")
    if thread.is_resolved == bool(resolved):
        raise Conflict("This discussion is already resolved." if resolved else "This discussion is already open.")
    _set_resolved(actor, thread, resolved)
    db.session.flush()
    return thread


def _set_resolved(actor, thread, resolved):
    thread.resolved_at = utcnow() if resolved else None
    thread.resolved_by_id = actor.id if resolved else None
    _record(actor, thread, "resolve" if resolved else "reopen", None)


def _record(actor, thread, field, comment_id, old=None, new=None):
    record_event(actor, "thread", "discuss", article_id=thread.article_id, claim_id=thread.claim_id,
                 entity_id=comment_id if comment_id is not None else thread.id, field=field, old=old, new=new)


def _check_may_discuss(actor):
    if actor is None or not actor.active:
        raise PermissionDenied("Sign in first.")


def list_mentionable(prefix, limit=10):
    """Return up to limit active accounts whose username starts with prefix, by username."""
    return db.session.scalars(
        select(User).where(User.active.is_(True), func.lower(User.username).startswith(prefix.lower(), autoescape=True))
        .order_by(User.username).limit(limit)).all()


def get_discussion(claim_id=None, article_id=None):
    """Return (article id, claim id, thread or None, its comments) of a claim or an article."""
    article_id, claim_id = target_of(claim_id, article_id)
    thread = find_thread(article_id, claim_id)
    return article_id, claim_id, thread, list_comments(thread)


