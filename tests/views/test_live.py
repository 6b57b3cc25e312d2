"""Live updates: the changes feed after a cursor, presence and its expiry, bad input."""
from datetime import timedelta

import pytest
from sqlalchemy import event

from annotator.extensions import db
from annotator.models import Event, utcnow
from annotator.services import live


def changes(client, article, after=0, **args):
    return client.get(f"/api/v1/articles/{article.id}/changes", query_string={"after": after, **args})


def polled(client, article, cursor):
    """Return the poll's answer and every statement it ran."""
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = changes(client, article, cursor)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return response, statements


def feed_statements(client, article, cursor):
    """Return the poll's answer and the statements it ran on the events and presence tables."""
    response, statements = polled(client, article, cursor)
    return response.json["data"], [s for s in statements if "events" in s or "presence" in s]


def last_event_id(article):
    return db.session.scalar(db.select(db.func.max(Event.id)).where(Event.article_id == article.id))


def test_a_save_shows_in_the_feed_with_the_claim_as_saved(as_user, annotator, reviewer, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    watcher, writer = as_user(reviewer), as_user(annotator)
    cursor = last_event_id(article)
    assert changes(watcher, article, cursor).json["data"]["events"] == []
    saved = writer.patch(f"/api/v1/claims/{claim.id}", json={"verdict": "false", "version": claim.version})
    assert saved.status_code == 200
    data = changes(watcher, article, cursor).json["data"]
    assert [(e["entity"], e["field"], e["actor"]) for e in data["events"]] == [("claim", "verdict_key", annotator.display_name)]
    assert data["claims"][0]["id"] == claim.id and data["claims"][0]["verdict"] == "false"
    assert data["article"] == {"id": article.id, "state": "annotating", "version": article.version}


def test_the_cursor_waits_for_late_commits_and_seen_skips_known_claims(app, as_user, annotator, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    newest = last_event_id(article)
    fresh = live.list_changes(article.id, 0)
    # The claim's events are seconds old: the cursor stays before them, so a later poll reads them again ...
    assert fresh.cursor < newest and newest in [e.id for e in fresh.events]
    # ... without loading the claim again when the client says it has seen them.
    assert live.list_changes(article.id, 0, seen=newest).claims == []
    later = live.list_changes(article.id, 0, now=utcnow() + timedelta(seconds=live.SETTLE_SECONDS + 1))
    assert later.cursor == newest and [c.id for c in later.claims] == [claim.id]


def test_a_deleted_claim_is_named_gone(as_user, annotator, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million", actor=annotator)
    claim_id, client, cursor = claim.id, as_user(annotator), last_event_id(article)
    assert client.delete(f"/api/v1/claims/{claim_id}?version={claim.version}").status_code == 200
    data = changes(client, article, cursor).json["data"]
    assert data["gone"] == [claim_id] and data["claims"] == []


def test_a_poll_is_one_statement_however_long_the_history_and_whoever_is_here(app, as_user, annotator, reviewer, admin,
                                                                              make_article, make_claim):
    article = make_article()
    for n in range(30):
        make_claim(article, "The council spent $4 million", notes=f"n{n}")
    client = as_user(annotator)
    client.get("/api/v1/me")
    for someone in (reviewer, admin):
        live.mark_present(someone, article.id)
    db.session.commit()
    response, statements = polled(client, article, last_event_id(article))
    assert response.status_code == 200 and len(response.json["data"]["present"]) == 2
    feed = [s for s in statements if "events" in s or "presence" in s]
    assert len(feed) == 1, feed


def test_the_feed_pages_a_long_history(as_user, annotator, make_article):
    from annotator.services.history import record_event

    article = make_article()
    for n in range(live.MAX_EVENTS + 5):
        record_event(annotator, "article", "update", article_id=article.id, field="title", new=f"t{n}")
    db.session.commit()
    client = as_user(annotator)
    data = changes(client, article, 0).json["data"]
    assert data["more"] is True and len(data["events"]) == live.MAX_EVENTS
    rest = changes(client, article, data["events"][-1]["id"]).json["data"]
    assert rest["more"] is False and len(rest["events"]) == 6  # the import and the five past the page


@pytest.mark.parametrize("args", [{"after": "-1"}, {"after": "x"}, {"after": "٣"}, {"after": ""},
                                  {"after": "99999999999"}, {"after": "1", "seen": "-2"}, {}])
def test_a_bad_cursor_is_refused_with_a_message(as_user, annotator, make_article, args):
    article = make_article()
    response = as_user(annotator).get(f"/api/v1/articles/{article.id}/changes", query_string=args)
    assert response.status_code == 422
    assert response.json["error"]["fields"]


def test_an_unknown_article_is_404(as_user, annotator):
    client = as_user(annotator)
    assert client.get("/api/v1/articles/999/changes?after=0").status_code == 404
    assert client.put("/api/v1/articles/999/presence", json={}).status_code == 404


def test_the_feed_needs_a_signed_in_person(client, make_article):
    article = make_article()
    assert changes(client, article).status_code == 401
    assert client.put(f"/api/v1/articles/{article.id}/presence", json={}).status_code == 401


def test_presence_lists_the_others_with_their_claim_and_expires(app, as_user, annotator, reviewer, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    anna, rex = as_user(annotator), as_user(reviewer)
    assert anna.put(f"/api/v1/articles/{article.id}/presence", json={"claim_id": claim.id}).json["data"] == []
    listed = rex.put(f"/api/v1/articles/{article.id}/presence", json={"claim_id": None}).json["data"]
    assert listed == [{"username": annotator.username, "display_name": annotator.display_name, "claim_id": claim.id}]
    assert [p["username"] for p in changes(anna, article).json["data"]["present"]] == [reviewer.username]
    later = utcnow() + timedelta(seconds=live.PRESENCE_SECONDS + 1)
    assert live.list_present(article.id, now=later) == []


def test_leaving_removes_presence_at_once(as_user, annotator, reviewer, make_article):
    article = make_article()
    anna, rex = as_user(annotator), as_user(reviewer)
    anna.put(f"/api/v1/articles/{article.id}/presence", json={})
    assert anna.delete(f"/api/v1/articles/{article.id}/presence").status_code == 200
    assert changes(rex, article).json["data"]["present"] == []


def test_expired_heartbeats_are_deleted_when_someone_leaves(app, annotator, reviewer, admin, make_article):
    from annotator.models import Presence

    article = make_article()
    live.mark_present(annotator, article.id, now=utcnow() - timedelta(seconds=live.PRESENCE_SECONDS + 5))
    live.mark_present(reviewer, article.id)
    live.mark_present(admin, article.id)
    live.mark_gone(admin, article.id)
    db.session.commit()
    assert db.session.scalars(db.select(Presence.user_id)).all() == [reviewer.id]


@pytest.mark.parametrize("body", [{"claim_id": "x"}, {"claim_id": 0}, {"claim_id": [1]}])
def test_a_bad_heartbeat_is_refused(as_user, annotator, make_article, body):
    article = make_article()
    response = as_user(annotator).put(f"/api/v1/articles/{article.id}/presence", json=body)
    assert response.status_code == 422 and response.json["error"]["message"]


def test_a_heartbeat_on_another_articles_claim_is_404(as_user, annotator, make_article, make_claim):
    first, second = make_article(), make_article(title="Other")
    claim = make_claim(first, "The council spent $4 million")
    response = as_user(annotator).put(f"/api/v1/articles/{second.id}/presence", json={"claim_id": claim.id})
    assert response.status_code == 404


def test_a_heartbeat_does_not_wait_for_the_disk_on_postgresql(postgres_only, annotator, make_article):
    article = make_article()
    show = lambda: db.session.execute(db.text("SHOW synchronous_commit")).scalar()  # noqa: E731
    live.mark_present(annotator, article.id)
    assert show() == "off"  # this transaction only: a lost heartbeat expires anyway
    db.session.commit()
    assert show() == "on"


def test_polls_between_two_reads_of_the_feed_are_answered_from_memory(monkeypatch, as_user, annotator, reviewer,
                                                                     make_article):
    # the second poll comes "between two reads" however slow the machine (a CI run once took > 0.5 s)
    monkeypatch.setattr(live, "FEED_FRESH_SECONDS", 60)
    article = make_article()
    anna, rex = as_user(annotator), as_user(reviewer)
    for person in (anna, rex):
        assert person.put(f"/api/v1/articles/{article.id}/presence", json={}).status_code == 200
    cursor = last_event_id(article)
    first, read = feed_statements(anna, article, cursor)
    again, read_again = feed_statements(rex, article, cursor)
    assert len(read) == 1 and read_again == []
    # each viewer still sees the others, never themselves
    assert [p["username"] for p in first["present"]] == [reviewer.username]
    assert [p["username"] for p in again["present"]] == [annotator.username]


def test_a_save_in_this_process_is_read_at_the_next_poll(as_user, annotator, reviewer, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, "The council spent $4 million")
    watcher, writer, cursor = as_user(reviewer), as_user(annotator), last_event_id(article)
    assert feed_statements(watcher, article, cursor)[0]["events"] == []
    assert writer.patch(f"/api/v1/claims/{claim.id}", json={"notes": "n", "version": claim.version}).status_code == 200
    data, read = feed_statements(watcher, article, cursor)
    assert len(read) == 1 and [c["notes"] for c in data["claims"]] == ["n"]
    assert writer.put(f"/api/v1/articles/{article.id}/presence", json={}).status_code == 200
    data, read = feed_statements(watcher, article, cursor)
    assert len(read) == 1 and [p["username"] for p in data["present"]] == [annotator.username]


def test_another_processs_save_is_read_once_the_feed_is_older_than_its_freshness(monkeypatch, as_user, annotator,
                                                                                make_article):
    import itertools
    import time

    from annotator.services.history import record_event

    monkeypatch.setattr(live, "FEED_FRESH_SECONDS", 0.2)
    article = make_article()
    client, cursor = as_user(annotator), last_event_id(article)
    assert changes(client, article, cursor).json["data"]["events"] == []
    # Another process's write: this process's count of its own writes does not move.
    monkeypatch.setattr(live, "_WRITES", itertools.repeat(live._writes["count"]))
    record_event(annotator, "article", "update", article_id=article.id, field="title", new="t")
    db.session.commit()
    assert changes(client, article, cursor).json["data"]["events"] == []  # this process read it a moment ago
    time.sleep(0.25)
    assert [e["field"] for e in changes(client, article, cursor).json["data"]["events"]] == ["title"]


def test_a_poll_behind_the_last_read_reads_from_its_own_cursor(as_user, annotator, make_article, make_claim):
    article = make_article()
    early = last_event_id(article)
    make_claim(article, "The council spent $4 million")
    client, late = as_user(annotator), last_event_id(article)
    assert changes(client, article, late).json["data"]["events"] == []
    data = changes(client, article, early).json["data"]
    assert [e["id"] for e in data["events"]][-1] == late and len(data["claims"]) == 1


def test_reading_the_feed_again_loads_only_the_claims_of_new_events(as_user, annotator, reviewer, make_article,
                                                                    make_claim):
    article = make_article()
    cursor = last_event_id(article)
    first, second = (make_claim(article, "The council spent $4 million", notes=n) for n in ("a", "b"))
    watcher, writer = as_user(reviewer), as_user(annotator)

    def poll():
        response, statements = polled(watcher, article, cursor)
        return response.json["data"], [s for s in statements if "FROM claims" in s]

    data, loads = poll()
    assert sorted(c["notes"] for c in data["claims"]) == ["a", "b"] and len(loads) == 1
    assert writer.put(f"/api/v1/articles/{article.id}/presence", json={}).status_code == 200  # a write: read again
    data, loads = poll()
    assert sorted(c["notes"] for c in data["claims"]) == ["a", "b"] and loads == []
    assert writer.patch(f"/api/v1/claims/{second.id}", json={"notes": "c", "version": second.version}).status_code == 200
    data, loads = poll()
    assert sorted(c["notes"] for c in data["claims"]) == ["a", "c"] and len(loads) == 1
    first_id = first.id
    assert writer.delete(f"/api/v1/claims/{first_id}?version={first.version}").status_code == 200
    data, _ = poll()
    assert data["gone"] == [first_id] and [c["notes"] for c in data["claims"]] == ["c"]
