"""ASVS V5.1/V12 (input limits, uploads) and V12.6/V5.2.6 (SSRF): uploads and fields over their
limits are refused with a 4xx and write nothing; the app never fetches an address a user gives."""
import re
import socket

import pytest
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from annotator import ROOT, forms

NETWORK_CLIENTS = re.compile(
    r"^\s*(import|from)\s+(urllib\.request|urllib3|requests|httpx|aiohttp|http\.client|socket|ftplib|smtplib|pycurl)\b"
    r"|urlopen\(", re.M)
PRIVATE_URLS = ("http://127.0.0.1:5000/admin/users", "http://localhost/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/internal", "http://[::1]:8080/", "http://192.168.1.1/")


@pytest.fixture
def token(admin):
    from annotator.extensions import db
    from annotator.services.accounts import create_api_token

    _, plaintext = create_api_token(admin, "input")
    db.session.commit()
    return {"Authorization": f"Bearer {plaintext}"}


def test_every_text_field_of_every_form_has_a_length_limit():
    unbounded = []
    for name, form_class in vars(forms).items():
        if isinstance(form_class, type) and issubclass(form_class, forms.Form):
            for field_name, field in vars(form_class).items():
                kind = getattr(field, "field_class", None)
                if kind in (StringField, TextAreaField) and field_name not in ("text", "password"):
                    if not any(isinstance(v, Length) and v.max > 0 for v in field.kwargs.get("validators", [])):
                        unbounded.append(f"{name}.{field_name}")
    assert unbounded == []


@pytest.mark.parametrize("field,limit", [("claimant", 300), ("notes", forms.MAX_TEXT_FIELD), ("verdict", 40)])
def test_claim_fields_over_their_limit_are_refused(client, token, world, attack, field, limit):
    before = attack.event_count()
    response = client.post(f"/api/v1/articles/{world['article_id']}/claims", headers=token,
                           json={"start": 0, "end": 3, field: "x" * (limit + 1)})
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert attack.event_count() == before


@pytest.mark.parametrize("field,limit", [("title", 300), ("byline", 300), ("outlet", 200)])
def test_article_fields_over_their_limit_are_refused(client, token, field, limit):
    body = {"title": "T", "text": "Some text.", field: "x" * (limit + 1)}
    assert client.post("/api/v1/articles", headers=token, json=body).status_code == 422


def test_article_text_over_the_limit_is_refused(make_app, admin, token):
    client = make_app(ARTICLE_MAX_CHARS=1000).test_client()
    response = client.post("/api/v1/articles", headers=token, json={"title": "Long", "text": "word " * 300})
    assert response.status_code == 422


def test_body_over_the_upload_limit_is_refused(make_app, admin, token):
    client = make_app(MAX_CONTENT_LENGTH=10_000).test_client()
    big = b'{"format": "claim-annotator/1", "pad": "' + b"x" * 20_000 + b'"}'
    assert client.post("/api/v1/imports", headers=token, data=big, content_type="application/json").status_code == 413
    response = client.post("/api/v1/articles", headers=token, json={"title": "Big", "text": "y" * 20_000})
    assert response.status_code == 413


def test_page_upload_over_the_limit_is_refused(make_app, admin, login):
    import io

    app = make_app(MAX_CONTENT_LENGTH=10_000)
    client = app.test_client()
    login(admin, target=client)
    response = client.post("/articles/new", data={"title": "Up", "file": (io.BytesIO(b"z" * 20_000), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 413


def test_upload_of_another_type_or_encoding_is_refused(client, admin, login):
    import io

    login(admin)
    wrong_type = client.post("/articles/new", data={"title": "Up", "file": (io.BytesIO(b"MZ\x90\x00"), "a.exe")},
                             content_type="multipart/form-data")
    not_utf8 = client.post("/articles/new", data={"title": "Up", "file": (io.BytesIO(b"\xff\xfe\xfa"), "a.txt")},
                           content_type="multipart/form-data")
    assert (wrong_type.status_code, not_utf8.status_code) == (422, 422)


def test_overlong_idempotency_key_is_refused(client, token, world):
    response = client.post(f"/api/v1/articles/{world['article_id']}/claims", json={"start": 0, "end": 3},
                           headers={**token, "Idempotency-Key": "k" * 81})
    assert response.status_code == 422


def test_the_package_has_no_network_client():
    users = [str(path.relative_to(ROOT)) for path in (ROOT / "annotator").rglob("*.py")
             if NETWORK_CLIENTS.search(path.read_text())]
    assert users == []


@pytest.fixture
def no_network(monkeypatch):
    """Make any outgoing connection fail the test."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise AssertionError(f"the app tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    return attempts


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_and_loopback_source_urls_are_stored_as_text_only(client, token, world, no_network, url):
    response = client.post(f"/api/v1/claims/{world['claim_id']}/sources", headers=token,
                           json={"url": url, "archive_url": url, "title": "internal"})
    assert response.status_code in (201, 422), response.text
    if response.status_code == 201:
        assert response.json["data"]["source"]["url"] == url
    assert no_network == []


def test_article_url_is_stored_not_fetched(client, token, no_network):
    response = client.post("/api/v1/articles", headers=token,
                           json={"title": "T", "text": "Some text.", "url": "http://169.254.169.254/latest/"})
    assert response.status_code in (201, 422)
    assert no_network == []
