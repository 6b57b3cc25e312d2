"""Faults: a full disk on SQLite rolls the save back, says so, and the app recovers with space.

The full disk is simulated with SQLite's max_page_count (config SQLITE_MAX_PAGE_COUNT): the
file may not grow past the pages it has when the app starts, once a padding table has used
the free space. Dropping the padding from another connection is the space coming back.
The kill -9 fault runs as a script against gunicorn: load/fault_kill.py.
"""
import sqlite3

import pytest
from sqlalchemy.engine import make_url

from annotator.extensions import db
from annotator.models import Claim, Event
from annotator.views.errors import BUSY_MESSAGE, DISK_FULL_MESSAGE

BIG_NOTES = "n" * 19_000  # needs overflow pages: a save that cannot fit in the pages there are


@pytest.fixture
def sqlite_file(database_url):
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite"):
        pytest.skip("the full-disk simulation uses SQLite's max_page_count")
    return url.database


def raw(path, *statements):
    """Run statements on a connection of its own (no page cap) and return the last result."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            rows = connection.execute(statement).fetchall()
        return rows
    finally:
        connection.close()


@pytest.fixture
def full_disk(app, sqlite_file, make_app, admin, make_article):
    """An app whose database file cannot grow, a token, an article, and a way to free space."""
    from annotator.services.accounts import create_api_token

    article = make_article()
    _, token = create_api_token(admin, "fault test")
    db.session.commit()
    raw(sqlite_file, "CREATE TABLE padding (b BLOB)", "INSERT INTO padding VALUES (zeroblob(400000))",
        "PRAGMA wal_checkpoint(TRUNCATE)")
    (pages,), = raw(sqlite_file, "PRAGMA page_count")
    (free,), = raw(sqlite_file, "PRAGMA freelist_count")
    assert free == 0
    capped = make_app(SQLITE_MAX_PAGE_COUNT=pages)
    return {"client": capped.test_client(), "article": article,
            "headers": {"Authorization": f"Bearer {token}"},
            "free_space": lambda: raw(sqlite_file, "DROP TABLE padding")}


def counts():
    db.session.rollback()
    return db.session.scalar(db.select(db.func.count(Claim.id))), db.session.scalar(db.select(db.func.count(Event.id)))


def save(disk, notes=BIG_NOTES):
    return disk["client"].post(f"/api/v1/articles/{disk['article'].id}/claims", headers=disk["headers"],
                               json={"start": 0, "end": 11, "notes": notes})


def test_full_disk_refuses_the_save_clearly_and_writes_nothing(full_disk):
    before = counts()
    response = save(full_disk)
    assert response.status_code == 507
    assert response.json["error"] == {"code": "disk_full", "message": DISK_FULL_MESSAGE, "fields": {}}
    assert counts() == before


def test_full_disk_page_post_gets_an_error_page(full_disk, admin):
    client = full_disk["client"]
    client.post("/login", data={"username": admin.username, "password": "correct horse battery"})
    response = client.post("/articles/new", data={"title": "Big", "text": "A claim. " * 20_000})
    assert response.status_code == 507
    assert b"disk is full" in response.data


def test_app_keeps_reading_while_the_disk_is_full(full_disk):
    save(full_disk)
    response = full_disk["client"].get(f"/api/v1/articles/{full_disk['article'].id}", headers=full_disk["headers"])
    assert response.status_code == 200


def test_app_recovers_when_space_returns(full_disk, sqlite_file):
    assert save(full_disk).status_code == 507
    full_disk["free_space"]()
    response = save(full_disk)
    assert response.status_code == 201
    assert response.json["data"]["notes"] == BIG_NOTES
    assert raw(sqlite_file, "PRAGMA integrity_check") == [("ok",)]


def test_retry_after_a_full_disk_creates_the_claim_once(full_disk):
    key = {"Idempotency-Key": "retry-after-full-disk"}
    post = full_disk["client"].post
    url = f"/api/v1/articles/{full_disk['article'].id}/claims"
    body = {"start": 0, "end": 11, "notes": BIG_NOTES}
    assert post(url, json=body, headers={**full_disk["headers"], **key}).status_code == 507
    full_disk["free_space"]()
    first = post(url, json=body, headers={**full_disk["headers"], **key})
    again = post(url, json=body, headers={**full_disk["headers"], **key})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["data"]["id"] == again.json["data"]["id"]


def test_a_writer_that_outwaits_the_busy_timeout_gets_a_503_and_writes_nothing(sqlite_file, make_app, admin,
                                                                              make_article):
    from annotator.services.accounts import create_api_token

    article_id = make_article().id
    _, token = create_api_token(admin, "busy test")
    db.session.commit()
    before = counts()
    db.session.rollback()  # this test's own reads hold no lock while the other connection writes
    client = make_app(SQLITE_BUSY_TIMEOUT_MS=50).test_client()
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        response = client.post(f"/api/v1/articles/{article_id}/claims", headers={"Authorization": f"Bearer {token}"},
                               json={"start": 0, "end": 11})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503 and response.json["error"]["message"] == BUSY_MESSAGE
    assert counts() == before
