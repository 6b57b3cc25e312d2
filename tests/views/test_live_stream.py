"""Live updates pushed over one open connection (Server-Sent Events): what a stream sends and
when, and when the server says no so that the page polls instead."""
import json
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from annotator.extensions import db
from annotator.models import Article
from annotator.services import live_stream
from tests.views.test_live import changes, last_event_id

THREADED = {"wsgi.multithread": True}  # as gunicorn's gthread worker and the development server say
STREAM_SECONDS = 1


@pytest.fixture(autouse=True)
def gather_briefly(monkeypatch):
    monkeypatch.setattr(live_stream, "GATHER_SECONDS", 0.1)  # a stream here lasts STREAM_SECONDS


@pytest.fixture
def app(make_app):
    app = make_app(LIVE_STREAMS=1, LIVE_STREAM_SECONDS=STREAM_SECONDS)
    with app.app_context():
        yield app


def stream(client, article, after, environ=THREADED):
    """Open article's stream (an article or its id) and read it to its end."""
    article_id = article if isinstance(article, int) else article.id
    return client.get(f"/api/v1/articles/{article_id}/stream", query_string={"after": after}, environ_overrides=environ)


def messages(response):
    """Return the stream's blocks: ("data", its JSON), ("end", None) or ("comment", text)."""
    found = []
    for block in response.get_data(as_text=True).split("\n\n")[:-1]:
        if block.startswith("data: "):
            found.append(("data", json.loads(block[len("data: "):])["data"]))
        elif block.startswith("event: end"):
            found.append(("end", None))
        else:
            found.append(("comment", block))
    return found


def later(seconds, work):
    thread = threading.Thread(target=lambda: (time.sleep(seconds), work()))
    thread.start()
    return thread


def test_a_stream_first_sends_what_a_poll_would_then_each_save_as_it_happens(as_user, annotator, reviewer,
                                                                               make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    watcher, writer = as_user(reviewer), as_user(annotator)
    cursor = last_event_id(article)
    polled = changes(watcher, article, cursor).json["data"]
    path, body = f"/api/v1/claims/{claim.id}", {"verdict": "false", "version": claim.version}
    saving = later(0.3, lambda: writer.patch(path, json=body))
    started = time.monotonic()
    response = stream(watcher, article, cursor)
    saving.join()
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store"
    assert time.monotonic() - started == pytest.approx(STREAM_SECONDS, abs=0.5)
    sent = messages(response)
    assert sent[0] == ("data", polled)
    assert sent[-1] == ("end", None)
    (_, saved), = [m for m in sent[1:-1] if m[0] == "data" and m[1]["events"]]
    assert [(e["field"], e["actor"]) for e in saved["events"]] == [("verdict_key", annotator.display_name)]
    assert [(c["id"], c["verdict"]) for c in saved["claims"]] == [(claim.id, "false")]


def test_saves_close_together_reach_a_stream_in_one_message(monkeypatch, as_user, annotator, reviewer,
                                                            make_article, make_claim):
    monkeypatch.setattr(live_stream, "GATHER_SECONDS", 0.7)
    article = make_article()
    first, second = make_claim(article, "The council spent $4 million"), make_claim(article, "on roads in 2023")
    watcher, writer = as_user(reviewer), as_user(annotator)

    def save(claim):  # read in this thread: the saving one has no app context
        path, body = f"/api/v1/claims/{claim.id}", {"verdict": "false", "version": claim.version}
        return lambda: writer.patch(path, json=body)

    savings = [later(0.2, save(first)), later(0.4, save(second))]
    sent = messages(stream(watcher, article, last_event_id(article)))
    for saving in savings:
        saving.join()
    data = [m for kind, m in sent if kind == "data"]
    assert [sorted(c["id"] for c in m["claims"]) for m in data] == [[], sorted([first.id, second.id])]


def test_a_quiet_stream_sends_an_event_once_and_then_only_keeps_alive(monkeypatch, as_user, annotator,
                                                                      make_article, make_claim):
    monkeypatch.setattr(live_stream, "KEEPALIVE_SECONDS", 0.3)
    article = make_article()
    make_claim(article, "The council spent $4 million")
    # From 0, the claim's events stay inside the settle window: every read finds them again.
    sent = messages(stream(as_user(annotator), article, 0))
    data = [m for _, m in sent if _ == "data"]
    assert len(data) == 1 and data[0]["events"]
    assert ("comment", ": still here") in sent


def test_presence_reaches_a_stream_when_someone_comes(as_user, annotator, reviewer, make_article):
    article = make_article()
    watcher, newcomer = as_user(reviewer), as_user(annotator)
    path = f"/api/v1/articles/{article.id}/presence"
    coming = later(0.3, lambda: newcomer.put(path, json={"claim_id": None}))
    sent = messages(stream(watcher, article, last_event_id(article)))
    coming.join()
    assert [m["present"] for kind, m in sent if kind == "data"] == [[], [
        {"username": annotator.username, "display_name": annotator.display_name, "claim_id": None}]]


def test_a_second_stream_waits_for_a_free_slot_and_says_so(as_user, annotator, make_article):
    article, client = make_article(), as_user(annotator)
    first, article_id = [], article.id
    streaming = later(0, lambda: first.append(stream(client, article_id, 0)))
    time.sleep(0.4)
    refused = stream(client, article, 0)
    streaming.join()
    assert first[0].status_code == 200
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == str(STREAM_SECONDS)
    assert refused.json["error"]["code"] == "unavailable"
    assert "poll" in refused.json["error"]["message"]
    assert stream(client, article, 0).status_code == 200  # the first one's end freed its slot


def test_a_server_that_answers_one_request_at_a_time_gets_no_stream(as_user, annotator, make_article):
    response = stream(as_user(annotator), make_article(), 0, environ={"wsgi.multithread": False})
    assert response.status_code == 503


def test_with_no_streams_configured_the_page_polls(app, monkeypatch, signed_in, make_article):
    monkeypatch.setitem(app.config, "LIVE_STREAMS", 0)
    monkeypatch.setitem(app.extensions, "live_streams", live_stream.Slots(0))
    article = make_article()
    assert stream(signed_in, article, 0).status_code == 503
    assert 'data-stream="on"' not in signed_in.get(f"/articles/{article.id}").text


def test_the_page_says_the_server_streams(signed_in, make_article):
    assert 'data-stream="on"' in signed_in.get(f"/articles/{make_article().id}").text


@pytest.mark.parametrize("args,status", [({"after": -1}, 422), ({"after": "x"}, 422), ({}, 422)])
def test_a_bad_cursor_is_refused_and_keeps_the_slot(as_user, annotator, make_article, args, status):
    article, client = make_article(), as_user(annotator)
    response = client.get(f"/api/v1/articles/{article.id}/stream", query_string=args, environ_overrides=THREADED)
    assert response.status_code == status
    assert stream(client, article, 0).status_code == 200


def test_an_unknown_article_is_404_before_the_stream_begins_and_frees_its_slot(as_user, annotator, make_article):
    client = as_user(annotator)
    response = client.get("/api/v1/articles/999/stream", query_string={"after": 0}, environ_overrides=THREADED)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert stream(client, make_article(), 0).status_code == 200


def test_a_stream_needs_a_signed_in_person(client, make_article):
    assert stream(client, make_article(), 0).status_code == 401


def test_the_ticker_outlives_a_connection_the_server_closes(app, postgres_only, as_user, annotator,
                                                            make_article, make_claim):
    """PostgreSQL restarts, or an admin ends the ticker's connection: the ticker reads on a new
    one and its streams still hear of saves (before, its thread died and no stream woke again)."""
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    article_id, path, body = article.id, f"/api/v1/claims/{claim.id}", {"verdict": "false", "version": claim.version}
    ticker, listener = app.extensions["live_ticker"], object()
    version = ticker.wait(article_id, listener, 0, ticker.join(article_id, listener, 0), 5)
    known = len(ticker.seen[article_id][0])  # the claim's events so far
    db.session.commit()
    killer = create_engine(db.engine.url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with killer.connect() as connection:
        ended = connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                        "datname = current_database() AND pid <> pg_backend_pid()")).all()
    assert ended
    with pytest.raises(OperationalError):  # the test's pooled connections went with the rest:
        db.session.execute(text("SELECT 1"))  # finding one dead renews the pool
    db.session.rollback()
    try:
        assert as_user(annotator).patch(path, json=body).status_code == 200
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len((ticker.seen.get(article_id) or ((),))[0]) <= known:
            version = ticker.wait(article_id, listener, 0, version, 1)  # a failed read bumps it too
        assert len(ticker.seen[article_id][0]) > known  # the save's event, read on a new connection
        assert ticker.thread is not None and ticker.thread.is_alive()
    finally:
        ticker.leave(article_id, listener)


def test_the_ticker_lets_go_of_a_transaction_whose_connection_died(app, postgres_only, make_article, caplog):
    """The connection ends while the ticker holds a read open (the database dropped or restarted
    between its read and its rollback): even the rollback fails. The ticker drops the session,
    says so in the log, and reads on a new connection (before, its thread died there)."""
    ticker, article_id = app.extensions["live_ticker"], make_article().id
    db.session.commit()
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()  # a transaction is open
    killer = create_engine(db.engine.url.render_as_string(hide_password=False),
                           isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    ticker._let_go()
    assert "lost its database connection" in caplog.text
    assert db.session.get(Article, article_id) is not None
