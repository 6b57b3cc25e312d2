"""ASVS V4 (access control): every route that names an object, asked by someone who may not, or
about an object that does not exist, answers 401/403/404, shows nothing of the object, and
writes nothing. The routes come from the url_map, so a new route is covered without a new test."""
import pytest


def check_refusal(attack, response, label, before, refused=(401, 403, 404)):
    """Return what is wrong with a refusal: a status it should not have, a leak, a write."""
    problems = []
    status = response.status_code
    if status not in refused and not (status == 302 and "/login" in response.headers.get("Location", "")):
        problems.append(f"{label}: status {status}")
    if attack.leaked(response):
        problems.append(f"{label}: shows {attack.leaked(response)}")
    if attack.event_count() != before:
        problems.append(f"{label}: wrote history")
    return problems


def test_anonymous_gets_nothing_from_any_route_with_an_id(app, world, attack):
    client, problems = app.test_client(), []
    for method, rule in attack.rules(app, with_ids=True):
        before = attack.event_count()
        response = attack.send(client, method, attack.path_for(rule, world))
        problems += check_refusal(attack, response, f"{method} {rule.rule}", before, refused=(401,))
    assert problems == []


@pytest.mark.parametrize("role", ["annotator", "reviewer", "admin"])
def test_missing_ids_are_refused_and_show_nothing(app, world, attack, make_user, login, role):
    client, problems = app.test_client(), []
    login(make_user(role), target=client)
    for method, rule in attack.rules(app, with_ids=True):
        for name in attack.id_arguments(rule):
            before = attack.event_count()
            response = attack.send(client, method, attack.path_for(rule, world, missing={name}))
            label = f"{role} {method} {rule.rule} with a missing {name}"
            # Some forms are validated before the object is loaded (422), and page posts
            # redirect with a message: refused either way, as long as nothing shows or changes.
            refused = [*range(400, 500), 302] if method != "GET" else (403, 404)
            problems += check_refusal(attack, response, label, before, refused=refused)
    assert problems == []


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_refused_roles_learn_nothing_and_change_nothing(app, world, attack, make_user, login, role):
    client, problems = app.test_client(), []
    login(make_user(role), target=client)
    for method, rule in attack.rules(app, with_ids=True):
        before = attack.event_count()
        response = attack.send(client, method, attack.path_for(rule, world))
        if response.status_code == 403:
            problems += check_refusal(attack, response, f"{role} {method} {rule.rule}", before)
    assert problems == []


def test_someone_elses_token_looks_exactly_like_a_missing_one(app, world, attack, make_user, login):
    client = app.test_client()
    login(make_user("annotator"), target=client)
    theirs = client.post(f"/account/tokens/{world['token_id']}/revoke")
    missing = client.post(f"/account/tokens/{attack.MISSING_ID}/revoke")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_data() == missing.get_data()
    assert client.get("/api/v1/me").json["data"]["role"] == "annotator"


def test_revoking_someone_elses_token_leaves_it_working(app, world, make_user, login):
    from annotator.models import ApiToken

    client = app.test_client()
    login(make_user("annotator"), target=client)
    client.post(f"/account/tokens/{world['token_id']}/revoke")
    assert app.extensions["sqlalchemy"].session.get(ApiToken, world["token_id"]).revoked_at is None


def test_non_admin_cannot_promote_anyone(app, world, make_user, login):
    from annotator.models import User

    user = make_user("annotator")
    client = app.test_client()
    login(user, target=client)
    response = client.post(f"/admin/users/{user.id}", data={"role": "admin", "active": "y"})
    assert response.status_code == 403
    session = app.extensions["sqlalchemy"].session
    session.rollback()
    assert session.get(User, user.id).role == "annotator"


def test_revoked_token_and_deactivated_user_get_401(app, world, admin, make_user):
    from annotator.extensions import db
    from annotator.services.accounts import create_api_token, revoke_api_token, update_user

    user = make_user("annotator")
    _, live = create_api_token(user, "live")
    token, revoked = create_api_token(user, "revoked")
    revoke_api_token(user, token.id)
    db.session.commit()
    client = app.test_client()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {revoked}"}).status_code == 401
    update_user(admin, user, "annotator", False)
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {live}"}).status_code == 401


def test_session_cookie_with_a_bogus_bearer_header_is_not_signed_in(app, world, admin, login):
    client = app.test_client()
    login(admin, target=client)
    response = client.get(f"/api/v1/articles/{world['article_id']}", headers={"Authorization": "Bearer ca_forged"})
    assert response.status_code == 401
