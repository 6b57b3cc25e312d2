"""Notification mail: real messages to a local SMTP server (aiosmtpd) that the test starts, sent
by a real huey consumer running in this process, read back and checked."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from annotator import worker
from annotator.extensions import db
from annotator.models import Notification, utcnow
from annotator.services import mail, threads
from tests.servers import WAIT_SECONDS, free_port


@pytest.fixture
def mail_app(make_app, inbox):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox[1], MAIL_FROM="Desk <desk@example.org>",
                   PUBLIC_URL="http://annotator.example")
    with app.app_context():
        yield app


@pytest.fixture
def consumer(mail_app):
    """A real huey consumer on the app's SQLite queue, its workers polling every 0.2 s at most."""
    running = worker.start_embedded(mail_app, max_delay=0.2, periodic=False)
    yield running
    running.stop(graceful=True)


@pytest.fixture
def desk(mail_app, make_user, make_article, make_claim, login):
    ana, rita = make_user("annotator", "ana"), make_user("reviewer", "rita")
    claim = make_claim(make_article(title="Budget story"), quote="$4 million")
    client = mail_app.test_client()
    login(ana, target=client)
    return ana, rita, claim, client


def want_mail(user, frequency="immediately", address=None):
    mail.set_preference(user, address or f"{user.username}@example.org", frequency)
    db.session.commit()


def test_a_mention_is_mailed_by_the_worker_and_reads_back(desk, inbox, consumer):
    ana, rita, claim, client = desk
    want_mail(rita)
    started = time.monotonic()
    response = client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "Check the 2023 budget, @rita"})
    assert response.status_code == 201 and time.monotonic() - started < 2  # the request never waits on SMTP
    [message] = inbox[0].wait_for(1)
    assert (message["To"], message["From"]) == ("rita <rita@example.org>", "Desk <desk@example.org>")
    assert message["Subject"] == "ana mentioned you on Budget story"
    body = message.get_content()
    assert f"http://annotator.example/articles/{claim.article_id}#claim-{claim.id}" in body
    assert "Check the 2023 budget, @rita" in body
    assert wait_for_state("sent") == "sent"  # marked once the server took it (a moment after)


def wait_for_state(wanted, user=None):
    """Return the mail state of the (user's) last notification once it is wanted, or at the deadline."""
    deadline = time.monotonic() + WAIT_SECONDS
    query = select(Notification.mail_state).order_by(Notification.id.desc()).limit(1)
    while True:
        db.session.rollback()
        state = db.session.scalar(query.where(Notification.user_id == user.id) if user else query)
        if state == wanted or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def test_nobody_who_turned_mail_off_or_gave_no_address_gets_any(desk, inbox, consumer, make_user):
    ana, rita, claim, client = desk
    want_mail(rita, "off")
    make_user("annotator", "bo")  # never gave an address
    client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "@rita @bo hello"})
    db.session.expire_all()
    assert set(db.session.scalars(select(Notification.mail_state))) == {"skipped"}


def test_a_reply_is_mailed_to_who_wrote_before_and_wants_mail_and_to_nobody_else(desk, inbox, consumer, make_user):
    ana, rita, claim, client = desk
    bo = make_user("annotator", "bo")
    want_mail(rita), want_mail(bo, "off")
    threads.post_comment(bo, "Which year?", claim_id=claim.id)
    threads.post_comment(rita, "2023, I think.", claim_id=claim.id)
    db.session.commit()
    assert client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "It is 2023: page 4."}).status_code == 201
    [message] = inbox[0].wait_for(1)
    assert (message["To"], message["Subject"]) == ("rita <rita@example.org>", "ana replied in a discussion on Budget story")
    assert "It is 2023: page 4." in message.get_content()
    assert wait_for_state("sent", rita) == "sent"
    kinds = db.session.execute(select(Notification.user_id, Notification.kind, Notification.mail_state)
                               .order_by(Notification.id)).all()
    assert kinds == [(bo.id, "replied", "skipped"), (rita.id, "replied", "sent"), (bo.id, "replied", "skipped")]


def test_a_lost_nudge_or_a_worker_that_died_mid_send_is_sent_by_the_sweep(desk, inbox, mail_app):
    ana, rita, claim, client = desk
    want_mail(rita)
    client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "@rita first"})
    client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "@rita second"})
    huey = worker.get_huey(mail_app)
    huey.flush()  # the process died before its queued deliveries ran: the queue is empty
    first = db.session.scalars(select(Notification.id).order_by(Notification.id)).first()
    db.session.execute(update(Notification).where(Notification.id == first)  # a worker took it and died
                       .values(mail_state="sending", mail_taken_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    running = worker.start_embedded(mail_app, max_delay=0.2, periodic=False)
    try:
        huey.sweep()  # what the periodic task does every minute
        messages = inbox[0].wait_for(2)
    finally:
        running.stop(graceful=True)
    bodies = [m.get_content() for m in messages]
    assert len(bodies) == 2 and {("@rita first" in b, "@rita second" in b) for b in bodies} == {(True, False), (False, True)}


def test_the_daily_digest_is_one_message_listing_everything(desk, inbox, consumer):
    ana, rita, claim, client = desk
    want_mail(rita, "daily")
    for body in ("@rita one", "@rita two"):
        client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": body})
    time.sleep(0.5)
    assert inbox[0].messages == []  # a digest reader gets nothing at once
    consumer.huey.digest()  # what the periodic task does at MAIL_DIGEST_HOUR
    [message] = inbox[0].wait_for(1)
    assert message["Subject"] == "Claim Annotator: 2 notifications today"
    assert "@rita one" in message.get_content() and "@rita two" in message.get_content()


def test_an_unreachable_mail_server_keeps_the_mail_pending(desk, mail_app):
    ana, rita, claim, client = desk
    mail_app.config.update(MAIL_PORT=free_port(), MAIL_TIMEOUT_SECONDS=2)  # nothing listens there
    want_mail(rita)
    assert client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "@rita hi"}).status_code == 201
    assert mail.send_immediate(mail_app.config) == 0
    db.session.expire_all()
    assert db.session.scalar(select(Notification.mail_state)) == "pending"


def redis_url():
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return url


def test_a_team_queue_on_redis_delivers(make_app, inbox, make_user, make_article, make_claim, login):
    ana, rita = make_user("annotator", "ana"), make_user("reviewer", "rita")
    want_mail(rita)
    claim = make_claim(make_article(), quote="$4 million")
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox[1], HUEY_REDIS_URL=redis_url())
    huey = worker.get_huey(app)
    assert type(huey).__name__ == "RedisHuey"
    huey.flush()
    client = app.test_client()
    login(ana, target=client)
    client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": "@rita via Redis"})
    assert len(huey) == 1  # the nudge waits in Redis for a worker
    running = worker.start_embedded(app, max_delay=0.2, periodic=False)
    try:
        [message] = inbox[0].wait_for(1)
    finally:
        running.stop(graceful=True)
        huey.flush()
    assert "@rita via Redis" in message.get_content()
