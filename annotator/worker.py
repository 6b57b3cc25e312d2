"""The background worker: huey tasks that send notification mail and compute the claims'
vectors for "Checked before", out of every request.

Storage: SqliteHuey in the instance folder on a laptop, RedisHuey when HUEY_REDIS_URL is set
(a team: any app process enqueues, `annotator worker` runs the consumer). A commit that made
mail pending enqueues `deliver` after it commits; the enqueue is only a nudge: the outbox is
the notifications table, and a periodic sweep sends whatever a lost nudge left behind. Vectors
work the same way: a commit that added claims, changed a claim's words or approved a claim not yet
embedded enqueues `embed`; the claims table is the outbox (services/matching_index.embed_pending),
swept each minute and when a worker starts, so a claim made while no worker ran is not missed.
"""
import logging
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from annotator.extensions import db
from annotator.services import mail, matching_index
from annotator.services.notifications import NUDGE

log = logging.getLogger(__name__)


def make_huey(app):
    """Return a Huey on the configured storage with the tasks registered (huey, and the Redis
    client it brings, are imported here: a process that never queues work never loads them)."""
    huey = _storage(app)

    def in_app(work):
        with app.app_context():
            try:
                return work(app.config)
            finally:
                db.session.remove()

    huey.deliver, huey.sweep, huey.digest = _mail_tasks(huey, in_app, app.config["MAIL_DIGEST_HOUR"])
    huey.embed = _embed_tasks(huey, in_app)
    return huey


def _mail_tasks(huey, in_app, digest_hour):
    """Register the mail tasks: a delivery now, a sweep each minute, the daily digest."""
    from huey import crontab

    @huey.task(name="deliver")
    def deliver():
        return in_app(mail.send_immediate)

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def sweep():
        in_app(lambda config: mail.give_back_stale())
        return in_app(mail.send_immediate)

    @huey.periodic_task(crontab(minute="0", hour=str(digest_hour)), name="digest")
    def digest():
        return in_app(mail.send_digests)

    return deliver, sweep, digest


def _embed_tasks(huey, in_app):
    """Register the claim vectors' tasks: on a nudge, each minute, and when the worker starts."""
    from huey import crontab

    @huey.task(name="embed")
    def embed():
        return in_app(embed_all)

    @huey.periodic_task(crontab(minute="*"), name="embed_sweep")
    def embed_sweep():
        return in_app(embed_all)

    @huey.on_startup()
    def catch_up():  # claims made while no worker ran
        embed()

    return embed


def _storage(app):
    """Redis when HUEY_REDIS_URL names one (a team), else a SQLite file in the instance folder."""
    from huey import RedisHuey, SqliteHuey

    url = app.config.get("HUEY_REDIS_URL")
    if url:
        return RedisHuey("annotator", url=url, results=False)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return SqliteHuey("annotator", filename=str(Path(app.instance_path, "huey.sqlite")), results=False)


def embed_all(config=None) -> int:
    """Embed every claim waiting for a vector, one committed batch at a time; return how many."""
    total = 0
    while True:
        done = matching_index.embed_pending()
        db.session.commit()
        total += done
        if done < matching_index.BATCH:
            return total


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
    """After a commit that made mail pending or left claims without vectors, enqueue the task
    (a failure only logs: the periodic sweep does the work)."""
    mail_due, embed_due = session.info.pop(NUDGE, False), session.info.pop(matching_index.NUDGE, False)
    if not (mail_due or embed_due) or not has_app_context():
        return
    try:
        huey = get_huey(current_app._get_current_object())
        for due, task in ((mail_due, huey.deliver), (embed_due, huey.embed)):
            if due:
                task()
    except Exception:  # the queue is down: the periodic sweeps still find the pending rows
        log.warning("Could not enqueue work for the worker; the next sweep does it.", exc_info=True)


def clear_nudge(session):
    session.info.pop(NUDGE, None)
    session.info.pop(matching_index.NUDGE, None)


def init_app(app):
    """Listen for commits that leave work to the worker (once per process)."""
    matching_index.init_app(app)
    if not event.contains(Session, "after_commit", nudge_after_commit):
        event.listen(Session, "after_commit", nudge_after_commit)
        event.listen(Session, "after_rollback", clear_nudge)
