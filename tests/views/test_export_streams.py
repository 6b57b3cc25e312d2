"""Streamed exports over real HTTP, against gunicorn, on the test's database (SQLite or
PostgreSQL): every row arrives, and a stream that breaks mid-way breaks the transfer too.

The data is bulk-inserted (as bench/bench_export.py does): thousands of claims through the
services would take minutes, and the export reads rows, not how they were made.
"""
import csv
import http.client
import http.cookiejar
import io
import json
import re
import socket
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from annotator.extensions import db
from annotator.models import Article, Claim, Revision, Source, User
from annotator.services.accounts import create_api_token
from tests.conftest import PASSWORD
from tests import servers

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
SENTENCE = "Sentence {n}: the council said spending rose by {n}% to ${n} million. "
BIG_ARTICLE_CLAIMS = 7_000  # more than one page of every stream (PAGE_ROWS, BATCH_CLAIMS)
SMALL_ARTICLES, SMALL_ARTICLE_CLAIMS = 30, 40


def fill_article(user_id, claims, title, notes="Checked."):
    """Bulk-insert an article with `claims` claims, every other one with a source; return its id."""
    sentences = [SENTENCE.format(n=n) for n in range(claims)]
    body = "".join(sentences)
    article_id = db.session.execute(insert(Article).values(
        title=title, text=body, created_by_id=user_id, created_at=NOW, updated_at=NOW).returning(Article.id)).scalar()
    db.session.execute(insert(Revision).values(article_id=article_id, number=1, text=body, created_by_id=user_id,
                                               created_at=NOW))
    rows, start = [], 0
    for sentence in sentences:
        end = start + len(sentence) - 1
        rows.append(dict(article_id=article_id, start=start, end=end, quote=body[start:end], claimant="Council",
                         verdict_key="mixed", notes=notes, created_by_id=user_id, updated_by_id=user_id,
                         created_at=NOW, updated_at=NOW, reasons=["number"], review_state="open"))
        start = end + 1
    db.session.execute(insert(Claim), rows)
    ids = db.session.scalars(db.select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id)).all()
    db.session.execute(insert(Source), [dict(claim_id=i, url="https://example.org/budget.pdf", title="Budget",
                                             created_at=NOW) for i in ids[::2]])
    return article_id


@pytest.fixture
def seeded(app, admin):
    """One big article and many small ones, and an admin's API token."""
    # Long notes: a first page of rows (5 MB) more than the sockets' buffers hold.
    big = fill_article(admin.id, BIG_ARTICLE_CLAIMS, "Big", notes="Checked against the budget. " * 35)
    for n in range(SMALL_ARTICLES):
        fill_article(admin.id, SMALL_ARTICLE_CLAIMS, f"Small {n}")
    _, token = create_api_token(db.session.get(User, admin.id), "stream")
    db.session.commit()
    return {"big": big, "token": token, "claims": BIG_ARTICLE_CLAIMS + SMALL_ARTICLES * SMALL_ARTICLE_CLAIMS}


@pytest.fixture
def gunicorn(database_url, tmp_path, app):
    """gunicorn serving the app on the test's database; yields its port."""
    db.session.commit()
    with servers.gunicorn(database_url, tmp_path, workers=1) as server:
        yield server.port


def fetch(port, path, token=None, cookie=None):
    """GET path over HTTP/1.1 with an API token or a session cookie and return (status, body);
    a broken transfer raises."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"} if token else {"Cookie": cookie}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def session_cookie(port, username, password=PASSWORD):
    """Sign in through the real login form (CSRF token and all); return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login", timeout=30).read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": csrf, "username": username, "password": password})
    opener.open(f"http://127.0.0.1:{port}/login", data=form.encode(), timeout=30).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def csv_rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_of_a_big_article_arrives_whole(gunicorn, seeded):
    status, body = fetch(gunicorn, f"/api/v1/articles/{seeded['big']}/export?format=csv", seeded["token"])
    rows = csv_rows(body)
    assert status == 200
    assert len(rows) == BIG_ARTICLE_CLAIMS
    assert len({row["claim_id"] for row in rows}) == BIG_ARTICLE_CLAIMS


def test_csv_of_every_article_arrives_whole(gunicorn, seeded):
    status, body = fetch(gunicorn, "/api/v1/exports?format=csv", seeded["token"])
    assert status == 200
    assert len(csv_rows(body)) == seeded["claims"]


def test_csv_page_download_arrives_whole(gunicorn, seeded):
    # Pages take the session a browser has (a token is for /api/ only); "admin" is the fixture's name.
    status, body = fetch(gunicorn, "/exports/csv", cookie=session_cookie(gunicorn, "admin"))
    assert status == 200
    assert len(csv_rows(body)) == seeded["claims"]


def test_jsonl_of_every_article_arrives_whole(gunicorn, seeded):
    status, body = fetch(gunicorn, "/api/v1/exports?format=jsonl", seeded["token"])
    documents = [json.loads(line) for line in body.decode().splitlines()]
    assert status == 200
    assert len(documents) == SMALL_ARTICLES + 1
    assert sum(len(d["claims"]) for d in documents) == seeded["claims"]


def test_a_stream_that_breaks_breaks_the_transfer(gunicorn, seeded, database_url):
    """The database connection of a running export dies: the client must see a broken
    transfer, never a clean 200 that ends early."""
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        pytest.skip("killing the export's database connection from outside needs PostgreSQL")
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=60)
    # A small receive window, so the server blocks on its first page, its cursor still open.
    connection.sock = socket.socket()
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    connection.sock.connect(("127.0.0.1", gunicorn))
    connection.request("GET", f"/api/v1/articles/{seeded['big']}/export?format=csv",
                       headers={"Authorization": f"Bearer {seeded['token']}"})
    response = connection.getresponse()
    assert response.status == 200
    received = response.read(4096)  # the stream has begun; the server blocks on a full socket
    time.sleep(0.5)
    db.session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    db.session.commit()
    with pytest.raises(http.client.IncompleteRead):
        while chunk := response.read(65536):
            received += chunk
    connection.close()
    assert len(csv_rows(received)) < BIG_ARTICLE_CLAIMS


def test_xlsx_of_every_article_arrives_whole(gunicorn, seeded):
    from openpyxl import load_workbook

    status, body = fetch(gunicorn, "/api/v1/exports?format=xlsx", seeded["token"])
    rows = list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))
    assert status == 200
    assert len(rows) - 1 == seeded["claims"]
