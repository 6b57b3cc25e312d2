"""The sign-in throttle counts a username as the account lookup matches it: a look-alike
spelling (Turkish dotted capital I, Kelvin sign) that the database folds to the same account
must not open a fresh allowance of guesses."""
import pytest

PASSWORD = "correct horse battery"


@pytest.mark.parametrize("variant", ["\u0130", "\u212a"])
def test_a_look_alike_username_does_not_get_fresh_guesses(app, make_user, variant):
    victim = make_user("admin", username="kim")
    spelled = victim.username.replace("i" if variant == "\u0130" else "k", variant)
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/login", data={"username": "kim", "password": "wrong guess"}).status_code == 401
    # Locked out under the real name; the look-alike must neither sign in nor reset the count.
    response = client.post("/login", data={"username": spelled, "password": PASSWORD})
    assert response.status_code in (401, 429)
    assert client.get("/api/v1/me").status_code == 401
