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
