"""ASVS V4.2.2 / V13 (CSRF): every state-changing rule of the url_map refuses a signed-in
request that has no CSRF token, or a wrong one, and changes nothing."""
import re

import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def signed_in(make_app, world, admin):
    """A CSRF-enforcing app and a client signed in as the admin (with the token, as a browser)."""
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": admin.username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return app, client


def is_csrf_refusal(response):
    if response.status_code != 400:
        return False
    if response.is_json:
        return response.json["error"]["code"] == "csrf"
    return b"did not come from this site" in response.data


@pytest.mark.parametrize("forged", [None, "forged-token"], ids=["no token", "wrong token"])
def test_every_state_change_refuses_a_request_without_a_valid_csrf_token(signed_in, world, attack, forged):
    app, client = signed_in
    headers = {"X-CSRFToken": forged} if forged else {}
    problems, routes = [], attack.rules(app, methods=attack.WRITE_METHODS)
    assert len(routes) > 30
    for method, rule in routes:
        before = attack.event_count()
        data = {"csrf_token": forged} if forged and not rule.rule.startswith("/api/") else None
        response = attack.send(client, method, attack.path_for(rule, world), headers=headers,
                               **({"data": data} if data else {}))
        if not is_csrf_refusal(response):
            problems.append(f"{method} {rule.rule}: {response.status_code}")
        if attack.event_count() != before:
            problems.append(f"{method} {rule.rule}: wrote history")
    assert problems == []


def test_the_session_survives_a_refused_logout(signed_in):
    _, client = signed_in
    assert is_csrf_refusal(client.post("/logout"))
    assert client.get("/api/v1/me").status_code == 200


def test_a_valid_token_is_accepted(signed_in, world):
    _, client = signed_in
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/account").text).group(1)
    response = client.post(f"/api/v1/articles/{world['article_id']}/claims", json={"start": 0, "end": 3},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201
