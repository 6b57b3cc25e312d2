"""The background worker: huey tasks that send notification mail, out of every request.

Storage: SqliteHuey in the instance folder on a laptop, RedisHuey when HUEY_REDIS_URL is set
(a team: any app process enqueues, `annotator worker` runs the consumer). A commit that made
mail pending enqueues `deliver` after it commits; the enqueue is only a nudge: the outbox is
the notifications table, and a periodic sweep sends whatever a lost nudge left behind.
"""
import logging
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from annotator.extensions import db
from annotator.services import mail
from annotator.services.notifications import NUDGE

log = logging.getLogger(__name__)


def make_huey(app):
    """Return a Huey on the configured storage with the mail tasks registered (huey, and the
    Redis client it brings, are imported here: a process that never sends mail never loads them)."""
    from huey import RedisHuey, SqliteHuey, crontab

    url = app.config.get("HUEY_REDIS_URL")
    if url:
        huey = RedisHuey("annotator", url=url, results=False)
    else:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey("annotator", filename=str(Path(app.instance_path, "huey.sqlite")), results=False)

    def in_app(work):
        with app.app_context():
            try:
                return work(app.config)
            finally:
                db.session.remove()

    @huey.task(name="deliver")
    def deliver():
        return in_app(mail.send_immediate)

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep():
        in_app(lambda config: mail.give_back_stale())
        return in_app(mail.send_immediate)

    @huey.periodic_task(crontab(minute="0", hour=str(app.config["MAIL_DIGEST_HOUR"])), name="digest")
    def digest():
        return in_app(mail.send_digests)

    huey.deliver, huey.sweep, huey.digest = deliver, sweep, digest
    return huey


def get_huey(app):
    """Return the app's Huey, made on first use (the factory writes nothing)."""
    if "huey" not in app.extensions:
        app.extensions["huey"] = make_huey(app)
    return app.extensions["huey"]


def start_embedded(app, **options):
    """Start a consumer's threads in this process; return it (stop it with .stop())."""
    from huey.consumer import Consumer

    class EmbeddedConsumer(Consumer):
        """A consumer beside the development server (or a test) in the same process: it leaves
        the signal handlers to the server, which keeps Ctrl-C."""

        def _set_signal_handlers(self):
            pass

    consumer = EmbeddedConsumer(get_huey(app), workers=1, check_worker_health=False, **options)
    consumer.start()
    return consumer


def nudge_after_commit(session):
    """After a commit that made mail pending, enqueue a delivery (a failure only logs: the sweep sends it)."""
    if not session.info.pop(NUDGE, False) or not has_app_context():
        return
    try:
        get_huey(current_app._get_current_object()).deliver()
    except Exception:  # the queue is down: the periodic sweep still finds the pending rows
        log.warning("Could not enqueue mail delivery; the next sweep sends it.", exc_info=True)


def clear_nudge(session):
    session.info.pop(NUDGE, None)


def init_app(app):
    """Listen for commits that leave mail to send (once per process)."""
    if not event.contains(Session, "after_commit", nudge_after_commit):
        event.listen(Session, "after_commit", nudge_after_commit)
        event.listen(Session, "after_rollback", clear_nudge)
