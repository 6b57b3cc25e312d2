"""Notifications: the list behind the bell, marking read, and the e-mail preference."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator.forms.threads import MailPreferenceForm
from annotator.services import mail, notifications, threads
from annotator.services import work_mentions  # noqa: F401  (registers My work's "Mentions of me")
from annotator.views.helpers import requires, validated

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@requires("notification.view")
def index():
    return render_template("notifications/index.html", rows=notifications.list_notifications(current_user),
                           link_of=notifications.link_of, sentence=notifications.sentence)


@bp.post("/<int:notification_id>/open")
@requires("notification.view")
def open_one(notification_id):
    """Mark the notification read and go to what it is about (the claim open on its article)."""
    found = notifications.mark_read(current_user, notification_id)
    return redirect(notifications.link_of(found.article_id, found.claim_id), 303)


@bp.post("/read-all")
@requires("notification.view")
def read_all():
    marked = notifications.mark_all_read(current_user)
    flash(f"Marked {marked} notification{'' if marked == 1 else 's'} read.", "success")
    return redirect(url_for("notifications.index"), 303)


@bp.post("/mail")
@requires("account.view")
def save_mail_preference():
    form = validated(MailPreferenceForm())
    mail.set_preference(current_user, form.email.data or "", form.frequency.data)
    flash("Your e-mail preference is saved.", "success")
    return redirect(url_for("account.show") + "#mail", 303)


@bp.app_context_processor
def bell():
    """Give every page the bell's count (one statement, only when called) and the mail form."""
    def unread_count():
        return notifications.count_unread(current_user) if current_user.is_authenticated else 0

    def mail_form():
        pref = mail.get_preference(current_user)
        return MailPreferenceForm(data={"email": pref.email, "frequency": pref.frequency})
    return {"unread_count": unread_count, "mail_preference_form": mail_form,
            "mail_configured": notifications.mail_configured, "discussion_counts": _discussion_counts()}


def _discussion_counts():
    """Return a function giving {claim id: comments} of an article, read once per page."""
    read = {}

    def counts(article_id):
        if article_id not in read:
            read[article_id] = threads.count_comments(article_id)
        return read[article_id]
    return counts
