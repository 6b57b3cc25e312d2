"""ASVS V5.3 (output encoding): script put into every text field, and into every import format,
comes out inert on every page (escaped), in every API answer (JSON, never HTML), and in every
export format (JSON keeps it as data, CSV neutralises formulas, downloads are attachments)."""
import csv
import io
import json

import pytest

SCRIPT = '<script>alert("xss-1")</script>'
IMG = '"><img src=x onerror=alert("xss-2")>'
FORMULA = '=HYPERLINK("http://evil.example/","xss-3")'
PAYLOAD = SCRIPT + IMG
LIVE = ('<script>alert("xss', "<img src=x onerror", "javascript:alert")
FORMATS = ("json", "jsonl", "webannotation", "claimreview", "csv")


def api(client, method, path, token, **body):
    response = client.open("/api/v1" + path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 201), (path, response.text)
    return response.json["data"]


@pytest.fixture
def hostile(app, admin, make_user, login):
    """Payloads in every text field an annotator, reviewer or admin can fill, made through the API."""
    from annotator.extensions import db
    from annotator.services.accounts import create_api_token

    reviewer = make_user("reviewer")
    tokens = [create_api_token(user, "xss")[1] for user in (admin, reviewer)]
    db.session.commit()
    client = app.test_client()
    ids = fill_article(client, tokens)
    login(admin, target=client)
    client.post("/account/tokens", data={"name": PAYLOAD})
    client.post("/admin/users", data={"username": "xssuser", "display_name": PAYLOAD, "password": "long enough passphrase",
                                      "confirm": "long enough passphrase", "role": "annotator"})
    return client, tokens, ids


def fill_article(client, tokens):
    admin, reviewer = tokens
    article = api(client, "POST", "/articles", admin, title=PAYLOAD, byline=PAYLOAD, outlet=PAYLOAD,
                  url="https://example.org/story?q=%3Cscript%3E", text=f"The council spent $4 million. {PAYLOAD} {FORMULA}")
    start = article["text"].index("$4 million")
    claim = api(client, "POST", f"/articles/{article['id']}/claims", admin, start=start, end=start + 10,
                claimant=FORMULA, notes=PAYLOAD, verdict="false")
    api(client, "POST", f"/claims/{claim['id']}/sources", admin, url="https://example.org/src", title=PAYLOAD,
        publisher=FORMULA, passage=PAYLOAD)
    api(client, "POST", f"/claims/{claim['id']}/submit", admin)
    api(client, "POST", f"/claims/{claim['id']}/request-changes", reviewer, comment=PAYLOAD)
    api(client, "POST", f"/claims/{claim['id']}/submit", admin)
    api(client, "POST", f"/claims/{claim['id']}/approve", reviewer)
    second = api(client, "POST", "/articles", admin, title="Revised", text="First copy of the story.")
    api(client, "POST", f"/articles/{second['id']}/revisions", admin, text="Second copy of the story.", note=PAYLOAD)
    return {"article_id": article["id"], "claim_id": claim["id"], "revised_id": second["id"]}


def assert_inert_html(response, label):
    body = response.get_data(as_text=True)
    assert not any(live in body for live in LIVE), f"{label} shows live markup"


def test_every_page_escapes_the_payloads(app, hostile, attack, admin):
    client, _, ids = hostile
    pages = [(m, r) for m, r in attack.rules(app, methods={"GET"}) if not r.rule.startswith("/api/")]
    for article_id in (ids["article_id"], ids["revised_id"]):
        for _, rule in pages:
            path = attack.path_for(rule, {**ids, "article_id": article_id, "user_id": admin.id})
            response = client.get(path)
            assert response.status_code < 500, path
            if response.mimetype == "text/html":
                assert_inert_html(response, path)


def test_the_payload_really_reached_the_pages(hostile):
    client, _, ids = hostile
    body = client.get(f"/articles/{ids['article_id']}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in body


def test_api_answers_are_json_never_html(app, hostile, attack):
    client, (token, _), ids = hostile
    for _, rule in attack.rules(app, methods={"GET"}):
        if rule.rule.startswith("/api/"):
            response = client.get(attack.path_for(rule, ids), headers={"Authorization": f"Bearer {token}"})
            assert response.mimetype != "text/html", rule.rule
            assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_format_is_inert(hostile, fmt):
    client, _, ids = hostile
    for path in (f"/articles/{ids['article_id']}/export/{fmt}", f"/exports/{fmt}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype != "text/html" and response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")
        check_format(fmt, response.get_data(as_text=True))


def check_format(fmt, body):
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], "a cell a spreadsheet would run"
        assert any(FORMULA in c for c in cells)
    else:
        documents = json_documents(body)
        # JSON carries the payload as data, exactly as typed: inert because it is never HTML.
        assert any(PAYLOAD in value for value in strings(documents))


def json_documents(body):
    """Return the documents of one JSON document or of JSON Lines (one article, or a stream)."""
    try:
        return [json.loads(body)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in body.splitlines() if line.strip()]


def strings(value):
    """Yield every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("path", [
    "/exports/jsonl",
    "/articles/{article_id}/export/json",
])
def test_imported_payloads_stay_inert(hostile, path):
    client, (token, _), ids = hostile
    exported = client.get(path.format(**ids)).get_data()
    response = client.post("/api/v1/imports", data=exported, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    imported = response.json["data"][0]["id"]
    assert_inert_html(client.get(f"/articles/{imported}"), "imported article")


@pytest.mark.parametrize("source_format,text", [
    ("html", f'<p>The mayor said so.</p>{SCRIPT}<p onclick="alert(1)">Click</p><img src=x onerror=alert(2)>'),
    ("markdown", "The mayor [said so](javascript:alert(1)) and ![x](javascript:alert(2)).\n\n" + SCRIPT),
    ("text", PAYLOAD),
])
def test_uploaded_formats_come_out_inert(hostile, source_format, text):
    client, (token, _), _ = hostile
    article = api(client, "POST", "/articles", token, title="Upload", text=text, source_format=source_format)
    assert_inert_html(client.get(f"/articles/{article['id']}"), source_format)
    # HTML is reduced to its text; Markdown keeps a literal <script> as text, but no link target.
    assert "javascript:" not in article["text"]
    assert source_format != "html" or "<script" not in article["text"]
