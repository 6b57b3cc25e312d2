"""The account page and the admin's help: change password, reset, unlock, and what tokens keep."""
from datetime import timedelta

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ApiToken, User, utcnow
from annotator.services.accounts import create_api_token
from tests.conftest import PASSWORD

NEW = "purple camels ride at dawn"


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/account/password", data={"current_password": current, "password": new,
                                                   "confirm": confirm or new})


def signs_in(app, username, password):
    return app.test_client().post("/login", data={"username": username, "password": password}).status_code == 302


def test_change_password_needs_the_current_one(app, client, annotator, login):
    login(annotator)
    response = change(client, current="not my password at all")
    assert response.status_code == 422
    assert b"The current password is wrong." in response.data
    assert signs_in(app, annotator.username, PASSWORD)


def test_change_password_keeps_this_session_and_ends_the_others(app, client, annotator, login):
    other = app.test_client()
    login(annotator)
    login(annotator, target=other)
    response = change(client)
    assert response.status_code == 302, response.text
    assert client.get("/api/v1/me").status_code == 200
    assert other.get("/api/v1/me").status_code == 401
    assert signs_in(app, annotator.username, NEW) and not signs_in(app, annotator.username, PASSWORD)


def test_change_password_refuses_what_the_policy_refuses(client, annotator, login):
    login(annotator)
    for weak, message in (("password12", b"at least 15"), ("password1234567890", b"common passwords"),
                          (annotator.username * 3, b"username")):
        response = change(client, new=weak)
        assert response.status_code == 422 and message in response.data, weak


def test_change_password_refuses_differing_repetitions(client, annotator, login):
    login(annotator)
    assert b"The passwords differ." in change(client, confirm="something else entirely").data


def test_wrong_current_passwords_are_throttled_like_sign_ins(app, client, annotator, login):
    login(annotator)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert change(client, current="a wrong guess").status_code == 422
    assert change(client).status_code == 429


def test_api_changes_the_password_with_a_token_and_the_token_keeps_working(app, annotator):
    _, token = create_api_token(annotator, "script")
    db.session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = api.post("/api/v1/me/password", headers=headers,
                        json={"current_password": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 200, response.text
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    assert signs_in(app, annotator.username, NEW)


def test_api_refuses_a_weak_password_by_field(app, client, annotator, login):
    login(annotator)
    response = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "password": "password12",
                                                        "confirm": "password12"})
    assert response.status_code == 422
    assert "password" in response.json["error"]["fields"]


def test_admin_reset_ends_sessions_and_forces_a_new_password(app, client, admin, annotator, login):
    victim = app.test_client()
    login(annotator, target=victim)
    login(admin)
    response = client.post(f"/admin/users/{annotator.id}/password", data={"password": "temporary phrase one",
                                                                          "confirm": "temporary phrase one"})
    assert response.status_code == 302, response.text
    assert victim.get("/api/v1/me").status_code == 401
    login(annotator, password="temporary phrase one", target=victim)
    assert victim.get("/").headers["Location"] == "/account/password"
    assert victim.get("/api/v1/articles").status_code == 403
    assert change(victim, current="temporary phrase one").status_code == 302
    assert victim.get("/").status_code == 200
    assert db.session.get(User, annotator.id).must_change_password is False


def test_admin_reset_refuses_a_weak_password_and_their_own(client, admin, annotator, login):
    login(admin)
    weak = client.post(f"/admin/users/{annotator.id}/password", data={"password": "password12", "confirm": "password12"})
    assert weak.status_code == 422
    own = client.post(f"/admin/users/{admin.id}/password", data={"password": NEW, "confirm": NEW})
    assert own.status_code == 422 and b"account page" in own.data


def test_admin_sees_a_locked_account_and_unlocks_it(app, client, admin, annotator, login):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        app.test_client().post("/login", data={"username": annotator.username, "password": "a wrong guess"})
    assert not signs_in(app, annotator.username, PASSWORD)
    login(admin)
    assert b"Locked: too many failed sign-ins" in client.get("/admin/users").data
    assert client.post(f"/admin/users/{annotator.id}/unlock").status_code == 302
    assert b"Locked:" not in client.get("/admin/users").data
    assert signs_in(app, annotator.username, PASSWORD)


def test_deactivation_revokes_tokens_for_good(app, client, admin, annotator, login):
    _, token = create_api_token(annotator, "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    login(admin)
    client.post(f"/admin/users/{annotator.id}", data={"role": "annotator"})
    client.post(f"/admin/users/{annotator.id}", data={"role": "annotator", "active": "y"})
    assert db.session.get(User, annotator.id).active
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401
    assert db.session.scalar(select(ApiToken.revoked_at)) is not None


def test_a_used_token_records_when_at_most_once_a_minute(app, annotator):
    token, plaintext = create_api_token(annotator, "script")
    db.session.commit()
    api, headers = app.test_client(), {"Authorization": f"Bearer {plaintext}"}
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    first = db.session.get(ApiToken, token.id).last_used_at
    assert first is not None and utcnow() - first < timedelta(seconds=30)
    db.session.rollback()
    api.get("/api/v1/articles", headers=headers)
    assert db.session.get(ApiToken, token.id).last_used_at == first
    db.session.get(ApiToken, token.id).last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    api.get("/api/v1/articles", headers=headers)
    assert db.session.get(ApiToken, token.id).last_used_at > first


def test_the_account_page_shows_when_a_token_was_last_used(app, client, annotator, login):
    _, plaintext = create_api_token(annotator, "script")
    db.session.commit()
    login(annotator)
    assert b"Never" in client.get("/account").data
    app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert b"Never" not in client.get("/account").data


def test_admin_reset_revokes_the_users_api_tokens(app, client, admin, annotator, login):
    from annotator.services.accounts import create_api_token

    _, token = create_api_token(annotator, "laptop")
    db.session.commit()
    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    login(admin)
    response = client.post(f"/admin/users/{annotator.id}/password", data={"password": "temporary phrase one",
                                                                          "confirm": "temporary phrase one"})
    assert response.status_code == 302, response.text
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
