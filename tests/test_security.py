"""Headers on every response, CSRF on every state change."""
import re

import pytest

from annotator.security import CONTENT_SECURITY_POLICY


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def csrf_token(client, path="/account"):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text).group(1)


@pytest.mark.parametrize("path", ["/setup", "/login", "/", "/api/v1/me", "/static/css/app.css", "/missing"])
def test_security_headers_on_every_response(client, admin, path):
    with client.get(path) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_csp_forbids_inline_script_and_style():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_templates_carry_no_inline_script_style_or_handlers():
    from annotator import ROOT

    for template in (ROOT / "templates").rglob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", source), template
        assert not re.search(r"\sstyle=|<style", source), template
        assert not re.search(r"\son[a-z]+=", source), template


def test_signed_in_pages_are_not_cached(client, admin, login):
    login(admin)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_form_post_without_csrf_token_is_refused(csrf_app, admin, login):
    client = csrf_app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"username": "admin", "password": "correct horse battery", "csrf_token": token})
    response = client.post("/demo")
    assert response.status_code == 400
    assert b"This form has expired" in response.data


def test_api_post_without_csrf_header_is_refused(csrf_app, admin, make_article):
    article = make_article()
    client = csrf_app.test_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"username": "admin", "password": "correct horse battery", "csrf_token": token})
    url = f"/api/v1/articles/{article.id}/claims"
    refused = client.post(url, json={"start": 0, "end": 3})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "csrf"
    accepted = client.post(url, json={"start": 0, "end": 3}, headers={"X-CSRFToken": csrf_token(client)})
    assert accepted.status_code == 201


def test_login_form_itself_needs_the_csrf_token(csrf_app, admin):
    response = csrf_app.test_client().post("/login", data={"username": "admin", "password": "correct horse battery"})
    assert response.status_code == 400
