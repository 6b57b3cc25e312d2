"""ASVS V5.1/V12 (input limits, uploads) and V12.6/V5.2.6 (SSRF): uploads and fields over their
limits are refused with a 4xx and write nothing; the app never fetches an address a user gives."""
import re
import socket

import pytest
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from annotator import ROOT, limits
from tests.forms_catalogue import form_classes

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
    for name, form_class in form_classes().items():
        for field_name, field in vars(form_class).items():
            kind = getattr(field, "field_class", None)
            if kind in (StringField, TextAreaField) and field_name not in ("text", "password"):
                if not any(isinstance(v, Length) and v.max > 0 for v in field.kwargs.get("validators", [])):
                    unbounded.append(f"{name}.{field_name}")
    assert unbounded == []


@pytest.mark.parametrize("field,limit", [("claimant", 300), ("notes", limits.TEXT_FIELD_CHARS), ("verdict", 40)])
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


# The one network client: the mail worker's SMTP connection, to the host an operator configured
# (MAIL_SERVER), never to an address a request names.
NETWORK_CLIENT_ALLOWED = {"annotator/services/mail.py"}


def test_the_package_has_no_network_client_but_the_mail_worker():
    users = {str(path.relative_to(ROOT)) for path in (ROOT / "annotator").rglob("*.py")
             if NETWORK_CLIENTS.search(path.read_text())}
    assert users == NETWORK_CLIENT_ALLOWED
    mail = (ROOT / "annotator/services/mail.py").read_text()
    assert re.findall(r"smtplib\.SMTP\(([^,)]*)", mail) == ['config["MAIL_SERVER"]']


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


# --- input no column stores and no parser survives: NUL, lone surrogates, deep nesting, digits ----

NUL, SURROGATE = "a\x00b", "a\ud800b"
FORM_FIELD_NAMES = sorted({name for form in form_classes().values() for name, field in vars(form).items()
                           if hasattr(field, "field_class")})


DEEP_BODIES = [b"[" * 100_000, b'{"a":' * 50_000, b'{"title": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"]


@pytest.mark.parametrize("body", DEEP_BODIES)
@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/imports"])
def test_deeply_nested_json_is_refused(client, token, path, body):
    response = client.post(path, headers=token, data=body, content_type="application/json")
    assert response.status_code == 422
    assert "nested" in response.json["error"]["message"]


def test_deeply_nested_import_file_is_refused(client, token):
    response = client.post("/api/v1/imports", headers=token, data=b"[" * 100_000, content_type="text/plain")
    assert response.status_code == 422 and "nested" in response.json["error"]["message"]


@pytest.mark.parametrize("page", ["²", "١", "٣٤", "1²", "𝟙"])
def test_page_number_in_non_ascii_digits_is_refused(client, token, admin, login, world, page):
    api = client.get(f"/api/v1/articles/{world['article_id']}/annotations", query_string={"page": page}, headers=token)
    login(admin)
    html = client.get(f"/articles/{world['article_id']}/annotations", query_string={"page": page})
    assert (api.status_code, html.status_code) == (422, 422)


def test_nul_in_a_json_field_is_refused(client, token, attack):
    before = attack.event_count()
    response = client.post("/api/v1/articles", headers=token, json={"title": NUL, "text": "Some text."})
    assert response.status_code == 422 and "title" in response.json["error"]["fields"]
    assert attack.event_count() == before


@pytest.mark.parametrize("value", [NUL, SURROGATE])
def test_unstorable_text_in_any_field_of_any_write_route_is_a_4xx(app, client, admin, login, world, attack, value):
    """Every write route (pages and API, from the url_map) with every field name the forms know
    set to a NUL or a lone surrogate: a 4xx, and nothing written. (A form cannot carry a lone
    surrogate: the parser decodes it as U+FFFD; so pages get the NUL only.)"""
    login(admin)
    before = attack.event_count()
    for method, rule in attack.rules(app, attack.WRITE_METHODS):
        path = attack.path_for(rule, world)
        body = {name: value for name in FORM_FIELD_NAMES}
        if path.startswith("/api/"):
            response = client.open(path, method=method, json=body)
        elif value == SURROGATE:
            continue
        else:
            response = client.open(path, method=method, data={k: v for k, v in body.items() if "\x00" in v})
        assert 400 <= response.status_code < 500, f"{method} {path}: {response.status_code}"
    assert attack.event_count() == before


def test_nul_in_the_login_form_and_in_a_query_argument_is_a_4xx(client, admin, login, world):
    assert client.post("/login", data={"username": "admin\x00", "password": NUL}).status_code == 422
    login(admin)
    assert client.get("/exports/jsonl", query_string={"state": "\x00"}).status_code == 422
    assert client.get("/articles/", query_string={"q": NUL}).status_code == 422


def native_document(world_article_id):
    from annotator.services.exports.native import export_article

    return export_article(world_article_id)


@pytest.mark.parametrize("where", ["claim notes", "history", "article title", "a key"])
def test_import_with_a_lone_surrogate_or_nul_is_refused_with_its_place(client, token, world, attack, where):
    import json

    document = native_document(world["article_id"])
    if where == "claim notes":
        document["claims"][0]["notes"], pointer = "bad \ud800", "/claims/0/notes"
    elif where == "history":
        document["history"][0]["new"], pointer = {"notes": "x\udfff"}, "/history/0/new/notes"
    elif where == "article title":
        document["article"]["title"], pointer = "T\x00", "/article/title"
    else:
        document["history"][0]["new"], pointer = {"\ud800": 1}, "/history/0/new"
    before = attack.event_count()
    response = client.post("/api/v1/imports", headers=token, content_type="text/plain",
                           data=json.dumps(document).encode())  # ensure_ascii: the surrogate as an escape
    assert response.status_code == 422
    assert pointer in response.json["error"]["fields"]
    assert attack.event_count() == before


def test_a_stored_lone_surrogate_breaks_neither_the_article_page_nor_the_exports(client, admin, login, world):
    """A row stored before the checks (history values are JSON, which escapes a surrogate)."""
    from annotator.extensions import db
    from annotator.models import Event

    db.session.add(Event(actor_id=admin.id, article_id=world["article_id"], claim_id=world["claim_id"],
                         entity="claim", entity_id=world["claim_id"], action="update", field="notes",
                         old="ok", new="bad \ud800 text"))
    db.session.commit()
    login(admin)
    page = client.get(f"/articles/{world['article_id']}")
    exports = {fmt: client.get(f"/exports/{fmt}") for fmt in ("jsonl", "csv", "webannotation", "claimreview")}
    one = client.get(f"/articles/{world['article_id']}/export/json")
    assert page.status_code == 200 and one.status_code == 200
    assert all(r.status_code == 200 for r in exports.values())
    assert "bad \ufffd text" in exports["jsonl"].text and "bad \ufffd text" in one.text
