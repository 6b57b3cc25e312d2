"""First-run setup, signing in and out, and the limit on failed sign-ins."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import User
from tests.conftest import PASSWORD

SETUP = {"username": "chief", "display_name": "Chief Editor", "password": PASSWORD, "confirm": PASSWORD}


def test_empty_instance_sends_every_page_to_setup(client):
    for path in ("/", "/login", "/admin/users", "/articles/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/setup"


def test_empty_instance_api_says_setup_is_needed(client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "setup_needed"


def test_setup_creates_the_first_admin_and_signs_in(client):
    response = client.post("/setup", data=SETUP)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.username, user.role, user.display_name) == ("chief", "admin", "Chief Editor")
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/").status_code == 200


def test_setup_is_closed_once_an_admin_exists(client, admin):
    response = client.post("/setup", data={**SETUP, "username": "intruder"})
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.username == "intruder")) is None


def test_setup_rejects_mismatched_passwords(client):
    response = client.post("/setup", data={**SETUP, "confirm": "something else entirely"})
    assert response.status_code == 422
    assert b"The passwords differ." in response.data
    assert db.session.scalar(select(User)) is None


def test_login_with_the_right_password(client, admin):
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me").json["data"]["username"] == "admin"


def test_login_ignores_username_case(client, admin):
    assert client.post("/login", data={"username": "ADMIN", "password": PASSWORD}).status_code == 302


def test_login_with_a_wrong_password_is_refused(client, admin):
    response = client.post("/login", data={"username": "admin", "password": "wrong password!"})
    assert response.status_code == 401
    assert b"Wrong username or password" in response.data


def test_deactivated_user_cannot_login(client, make_user):
    user = make_user("annotator", active=False)
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 401


def test_login_does_not_redirect_off_site(client, admin):
    response = client.post("/login?next=//evil.example/", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_copied_cookie_stops_working_after_logout(app, client, admin, login):
    login(admin)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/api/v1/me").status_code == 200
    client.post("/logout")
    assert thief.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_deactivating_a_user_ends_their_sessions(app, client, admin, make_user, login):
    user = make_user("annotator")
    other = app.test_client()
    login(user, target=other)
    login(admin)
    response = client.post(f"/admin/users/{user.id}", data={"role": "annotator"})
    assert response.status_code == 302, response.text
    assert other.get("/api/v1/me").status_code == 401


def test_failed_logins_are_rate_limited(client, admin):
    for _ in range(5):
        client.post("/login", data={"username": "admin", "password": "wrong password!"})
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert b"Too many failed sign-ins" in response.data


def test_rate_limit_is_per_username(client, admin, make_user):
    other = make_user("annotator")
    for _ in range(5):
        client.post("/login", data={"username": "admin", "password": "wrong password!"})
    assert client.post("/login", data={"username": other.username, "password": PASSWORD}).status_code == 302


def test_rate_limit_is_shared_by_app_processes(make_app, admin):
    first, second = make_app().test_client(), make_app().test_client()
    for _ in range(5):
        first.post("/login", data={"username": "admin", "password": "wrong password!"})
    assert second.post("/login", data={"username": "admin", "password": PASSWORD}).status_code == 429


def test_logout_needs_a_post(client, admin, login):
    login(admin)
    assert client.get("/logout").status_code == 405


def test_setup_refuses_a_common_password_on_the_form(client):
    response = client.post("/setup", data={**SETUP, "password": "password1234567", "confirm": "password1234567"})
    assert response.status_code == 422
    assert b"common passwords" in response.data and b'name="username"' in response.data
    assert db.session.scalar(select(User)) is None


def test_admin_cannot_create_a_user_with_a_password_built_on_the_username(client, admin, login):
    login(admin)
    response = client.post("/admin/users", data={"username": "ritasmith", "password": "ritasmith2024!!!",
                                                 "confirm": "ritasmith2024!!!", "role": "annotator"})
    assert response.status_code == 422 and b"username" in response.data
    assert db.session.scalar(select(User).where(User.username == "ritasmith")) is None


def test_login_still_accepts_an_old_password_the_policy_would_now_refuse(app, client):
    """The policy applies to new passwords; an account made before it still signs in."""
    from annotator.services.accounts import hash_password

    db.session.add(User(username="veteran", display_name="Veteran", password_hash=hash_password("short1"),
                        role="annotator"))
    db.session.commit()
    assert client.post("/login", data={"username": "veteran", "password": "short1"}).status_code == 302


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0a/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example/"])
def test_login_never_redirects_off_site(client, admin, target):
    response = client.post(f"/login?next={target}", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, admin):
    response = client.post("/login?next=/account", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_proxy_count_makes_the_rate_limit_see_the_client(make_app, admin):
    client = make_app(PROXY_COUNT=1).test_client()
    for n in range(25):
        client.post("/login", data={"username": f"nobody{n}", "password": "wrong password!"},
                    headers={"X-Forwarded-For": "203.0.113.7"})
    response = client.post("/login", data={"username": "admin", "password": PASSWORD},
                           headers={"X-Forwarded-For": "198.51.100.2"})
    assert response.status_code == 302
