"""E-mail of notifications, sent by the worker (annotator/worker.py), never by a request.

A notification to mail is a row in state "pending". A worker takes a batch (state "sending",
under FOR UPDATE SKIP LOCKED on PostgreSQL, so two workers never take the same row) and
commits, sends, then marks each "sent". A crash while sending leaves "sending" rows, which
the next sweep gives back after TAKEN_TIMEOUT: at least once, never lost.
"""
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from annotator.extensions import db
from annotator.models import Article, Comment, MailPreference, Notification, User, utcnow
from annotator.services.notifications import link_of, sentence

log = logging.getLogger(__name__)
BATCH = 50
TAKEN_TIMEOUT = timedelta(minutes=10)
EXCERPT_CHARS = 500


def smtp_send(config, message):
    """Hand one message to the configured SMTP server."""
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=int(config["MAIL_TIMEOUT_SECONDS"])) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def take(frequency, limit=BATCH):
    """Mark up to limit pending notifications of people who want mail this often as being sent,
    commit, and return their ids."""
    ids = db.session.scalars(
        select(Notification.id).join(MailPreference, MailPreference.user_id == Notification.user_id)
        .where(Notification.mail_state == "pending", MailPreference.frequency == frequency)
        .order_by(Notification.id).limit(limit).with_for_update(of=Notification, skip_locked=True)).all()
    if ids:
        db.session.execute(update(Notification).where(Notification.id.in_(ids))
                           .values(mail_state="sending", mail_taken_at=utcnow()))
    db.session.commit()
    return ids


def give_back_stale(now=None):
    """Return to "pending" what a worker took and never finished (it died while sending)."""
    db.session.execute(update(Notification).where(
        Notification.mail_state == "sending", Notification.mail_taken_at < (now or utcnow()) - TAKEN_TIMEOUT)
        .values(mail_state="pending", mail_taken_at=None))
    db.session.commit()


def _rows(ids):
    actor = aliased(User)
    return db.session.execute(
        select(Notification, MailPreference.email, User.display_name, actor.display_name.label("actor_name"),
               Article.title, Comment.body)
        .join(MailPreference, MailPreference.user_id == Notification.user_id)
        .join(User, User.id == Notification.user_id)
        .outerjoin(actor, actor.id == Notification.actor_id)
        .outerjoin(Article, Article.id == Notification.article_id)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
        .where(Notification.id.in_(ids)).order_by(Notification.id)).all()


def _line(row, base_url):
    text = f"{sentence(row.Notification.kind, row.actor_name, row.title)}\n{base_url}{link_of(row.Notification.article_id, row.Notification.claim_id)}"
    if row.body:
        excerpt = row.body if len(row.body) <= EXCERPT_CHARS else row.body[:EXCERPT_CHARS - 1] + "…"
        text += "\n\n  " + excerpt.replace("\n", "\n  ")
    return text


def compose(config, to, name, subject, lines):
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = formataddr((name, to))
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="claim-annotator")
    message.set_content("\n\n".join(lines) + "\n\n-- \nChange how often you get these on your account page.\n")
    return message


def _finish(ids, state):
    db.session.execute(update(Notification).where(Notification.id.in_(ids), Notification.mail_state == "sending")
                       .values(mail_state=state, mail_taken_at=None))
    db.session.commit()


def send_immediate(config):
    """Send each pending notification of people who want mail at once, one message each;
    return how many were sent. A failed send goes back to pending for the next sweep."""
    sent = failed = 0
    while not failed and (ids := take("immediately")):
        for row in _rows(ids):
            note = row.Notification
            message = compose(config, row.email, row.display_name, sentence(note.kind, row.actor_name, row.title),
                              [_line(row, config["PUBLIC_URL"])])
            ok = _send_or_give_back(config, message, [note.id])
            sent, failed = sent + ok, failed + (not ok)  # a failure stops this run: the server may be down
    return sent


def send_digests(config):
    """Send each person who wants a daily digest one message listing what is pending for them."""
    ids = []
    while batch := take("daily", limit=1000):
        ids += batch
    by_user = {}
    for row in _rows(ids) if ids else []:
        by_user.setdefault(row.Notification.user_id, []).append(row)
    for rows in by_user.values():
        subject = f"Claim Annotator: {len(rows)} notification{'' if len(rows) == 1 else 's'} today"
        message = compose(config, rows[0].email, rows[0].display_name, subject,
                          [_line(r, config["PUBLIC_URL"]) for r in rows])
        _send_or_give_back(config, message, [r.Notification.id for r in rows])
    return len(by_user)


def _send_or_give_back(config, message, ids):
    try:
        smtp_send(config, message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail to %s not sent (%s); it will be tried again.", message["To"], error)
        _finish(ids, "pending")
        return 0
    _finish(ids, "sent")
    return 1


def get_preference(user):
    """Return the user's mail preference (an unsaved default when they never chose)."""
    return db.session.get(MailPreference, user.id) or MailPreference(user_id=user.id, email="", frequency="immediately")


def set_preference(user, email, frequency):
    """Save where and how often the user gets mail; pending mail follows a change to "off"."""
    found = db.session.get(MailPreference, user.id)
    if found is None:
        found = MailPreference(user_id=user.id)
        db.session.add(found)
    found.email, found.frequency = email.strip(), frequency
    if frequency == "off" or not found.email:
        db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                      Notification.mail_state == "pending").values(mail_state="skipped"))
    db.session.flush()
    return found
