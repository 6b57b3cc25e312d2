"""ASVS V2/V3/V14: sign-out ends the session (a copied cookie too), sign-in is rate limited,
and every page carries an enforced CSP with no inline script or style in what it serves."""
import re
from html.parser import HTMLParser

from annotator.security import CONTENT_SECURITY_POLICY

PASSWORD = "correct horse battery"


def test_logout_invalidates_a_copied_session_cookie(app, admin, login):
    browser = app.test_client()
    login(admin, target=browser)
    cookie = browser.get_cookie("session")
    assert browser.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.get("/").headers["Location"].startswith("/login")


def test_logout_elsewhere_ends_every_session_of_the_user(app, admin, login):
    first, second = app.test_client(), app.test_client()
    login(admin, target=first)
    login(admin, target=second)
    first.post("/logout")
    assert second.get("/api/v1/me").status_code == 401


def test_login_is_rate_limited_even_for_the_right_password(app, admin):
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/login", data={"username": admin.username, "password": "wrong guess"}).status_code == 401
    response = client.post("/login", data={"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/api/v1/me").status_code == 401


def test_rate_limit_holds_across_usernames_from_one_address(app, admin):
    client = app.test_client()
    for n in range(app.config["LOGIN_MAX_FAILURES"] * 4):
        client.post("/login", data={"username": f"nobody{n}", "password": "wrong guess"})
    assert client.post("/login", data={"username": admin.username, "password": PASSWORD}).status_code == 429


class InlineFinder(HTMLParser):
    """Collect inline script, inline style and event-handler attributes in served HTML."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{name}= on <{tag}>" for name in attrs if name == "style" or name.startswith("on")]
        if any(str(value).strip().lower().startswith("javascript:") for value in attrs.values() if value):
            self.found.append(f"javascript: URL on <{tag}>")


def served_pages(app, attack, world):
    return [attack.path_for(rule, world) for _, rule in attack.rules(app, methods={"GET"})
            if not rule.rule.startswith("/api/")] + ["/login", "/setup", "/no-such-page"]


def test_every_page_has_the_csp_and_no_inline_script_or_style(app, world, attack, admin, login):
    client, problems = app.test_client(), []
    anonymous = app.test_client()
    login(admin, target=client)
    for path in served_pages(app, attack, world):
        for who, answer in (("admin", client.get(path)), ("anonymous", anonymous.get(path))):
            if answer.headers.get("Content-Security-Policy") != CONTENT_SECURITY_POLICY:
                problems.append(f"{who} {path}: no CSP")
            if answer.mimetype == "text/html":
                finder = InlineFinder()
                finder.feed(answer.get_data(as_text=True))
                problems += [f"{who} {path}: {f}" for f in finder.found]
    assert problems == []


def test_csp_allows_nothing_inline_or_foreign():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert not re.search(r"unsafe-|\*|http:|https:|data:.*script", CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", ""))


# --- sessions end; tokens only where they belong; hostile characters in the sign-in forms ---

def shift_session_clock(client, **seconds_ago):
    """Move the session's recorded times into the past, as the passing hours would."""
    import time

    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = int(time.time()) - ago


def test_an_idle_session_expires(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    shift_session_clock(client, _seen_at=app.config["SESSION_IDLE_SECONDS"] + 1)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/").headers["Location"].startswith("/login")


def test_a_session_in_use_is_kept_until_its_absolute_end(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    shift_session_clock(client, _seen_at=app.config["SESSION_IDLE_SECONDS"] - 120)
    assert client.get("/api/v1/me").status_code == 200  # and the idle clock restarts
    assert client.get("/api/v1/me").status_code == 200
    shift_session_clock(client, _signed_in_at=app.config["SESSION_ABSOLUTE_SECONDS"] + 1)
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_cookie_without_its_times_is_not_honoured(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    with client.session_transaction() as session:
        session.pop("_signed_in_at")
    assert client.get("/api/v1/me").status_code == 401


def test_a_bearer_token_on_a_page_is_a_clear_400_with_the_security_headers(app, world, attack, admin):
    from annotator.services.accounts import create_api_token

    _, token = create_api_token(admin, "script")
    attack.db.session.commit()
    client, problems = app.test_client(), []
    for method, rule in attack.rules(app):
        if rule.rule.startswith("/api/"):
            continue
        path = attack.path_for(rule, world)
        response = attack.send(client, method, path, headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 400 or response.headers.get("Content-Security-Policy") != CONTENT_SECURITY_POLICY:
            problems.append(f"{method} {path}: {response.status_code}")
        elif b"/api/v1" not in response.data:
            problems.append(f"{method} {path}: no word of where tokens work")
    assert problems == []
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


HOSTILE = {"nul": "adm\x00in", "surrogate": "adm\ud800in"}


def test_nul_and_lone_surrogates_in_the_sign_in_forms_are_a_4xx(app, admin, login):
    """Form posts and JSON both; PostgreSQL refuses NUL in text, so these reached it as a 500."""
    anonymous, signed_in = app.test_client(), app.test_client()
    login(admin, target=signed_in)
    problems = []
    for name, bad in HOSTILE.items():
        for client, path, data in (
            (anonymous, "/login", {"username": bad, "password": PASSWORD}),
            (anonymous, "/login", {"username": "admin", "password": bad + "password"}),
            (signed_in, "/account/password", {"current_password": bad, "password": bad * 4, "confirm": bad * 4}),
            (signed_in, "/account/tokens", {"name": bad}),
            (signed_in, "/admin/users", {"username": "newbie", "display_name": bad, "password": PASSWORD,
                                         "confirm": PASSWORD, "role": "annotator"}),
        ):
            # A form post cannot carry a lone surrogate (it is not UTF-8); JSON can.
            sent = [client.post(path, json=data)] + ([client.post(path, data=data)] if name == "nul" else [])
            for response in sent:
                if not 400 <= response.status_code < 500:
                    problems.append(f"{name} {path}: {response.status_code}")
        json_response = signed_in.post("/api/v1/me/password", json={"current_password": bad, "password": bad * 4,
                                                                    "confirm": bad * 4})
        if not 400 <= json_response.status_code < 500:
            problems.append(f"{name} /api/v1/me/password: {json_response.status_code}")
    assert problems == []


def test_nul_in_the_first_run_form_is_a_4xx(client):
    response = client.post("/setup", data={"username": "chief", "display_name": "Chief\x00",
                                           "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 422


def test_a_username_with_a_trailing_newline_is_refused(app, client, admin, login, runner):
    from annotator.services import accounts
    from annotator.services.errors import InvalidInput

    login(admin)
    response = client.post("/admin/users", data={"username": "mallory\n", "password": PASSWORD,
                                                 "confirm": PASSWORD, "role": "annotator"})
    assert response.status_code == 422
    result = runner.invoke(args=["create-user", "mallory\n", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0
    try:
        accounts.create_user("mallory\n", PASSWORD)
    except InvalidInput:
        pass
    else:
        raise AssertionError("the service took a username with a newline")
