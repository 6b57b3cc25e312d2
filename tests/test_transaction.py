"""One transaction per request and per command, ended at the edge (annotator/transaction.py).

The routes and the command here are made for the test: none of them commits, as no view does.
"""
import click
import pytest
from flask import abort, flash, has_request_context, session
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import OperationalError

from annotator import transaction
from annotator.extensions import db
from annotator.models import User
from annotator.services import accounts
from tests.conftest import PASSWORD


def written():
    db.session.rollback()  # a fresh look at what was committed
    return db.session.scalar(select(User.username).where(User.username == "written"))


def write():
    accounts.create_user("written", PASSWORD, "annotator")
    db.session.flush()


def writing_view(answer):
    def view():
        write()
        return answer()
    return view


def raising():
    raise RuntimeError("after the flush")


def refusing():
    abort(409)


@pytest.fixture
def edge_app(make_app):
    app = make_app()
    routes = {"ok": lambda: ("saved", 200), "redirect": lambda: ("", 302, {"Location": "/"}),
              "form_errors": lambda: ("shown again", 422), "raise": raising, "abort": refusing}
    for name, answer in routes.items():
        app.add_url_rule(f"/_test/{name}", f"test_{name}", writing_view(answer), methods=["GET", "POST"])
    with app.app_context():
        accounts.create_user("admin", PASSWORD, "admin")
        db.session.commit()
        yield app


@pytest.mark.parametrize("route", ["ok", "redirect"])
def test_a_service_write_in_a_view_is_committed_without_the_view_committing(edge_app, route):
    assert edge_app.test_client().post(f"/_test/{route}").status_code in (200, 302)
    assert written() == "written"


@pytest.mark.parametrize("route, status", [("raise", 500), ("abort", 409), ("form_errors", 422)])
def test_an_error_after_a_flush_leaves_nothing(edge_app, route, status):
    assert edge_app.test_client().post(f"/_test/{route}").status_code == status
    assert written() is None


def test_a_read_request_never_commits(edge_app):
    assert edge_app.test_client().get("/_test/ok").status_code == 200
    assert written() is None


def renamed():
    db.session.rollback()
    return db.session.scalar(select(User.display_name).where(User.username == "admin")) == "renamed"


RENAME_ADMIN = "UPDATE users SET display_name = 'renamed' WHERE username = 'admin'"
WRITES_PAST_THE_SESSION = {
    "core": lambda: db.session.execute(update(User).where(User.username == "admin").values(display_name="renamed")),
    "text": lambda: db.session.execute(text(RENAME_ADMIN)),
    "driver_sql": lambda: db.session.connection().exec_driver_sql(RENAME_ADMIN),
}


@pytest.mark.parametrize("way", WRITES_PAST_THE_SESSION)
def test_a_read_request_that_wrote_past_the_session_still_rolls_back(edge_app, way):
    """A statement sent without an ORM object leaves nothing in the session: the statement itself counts."""
    def write_past_the_session():
        WRITES_PAST_THE_SESSION[way]()
        return "read"

    edge_app.add_url_rule("/_test/past", "test_past", write_past_the_session)
    assert edge_app.test_client().get("/_test/past").status_code == 200
    assert not renamed()


def test_a_read_request_leaves_an_unflushed_change_unsaved(edge_app):
    def change_without_flushing():
        db.session.scalar(select(User).where(User.username == "admin")).display_name = "renamed"
        return "read"

    edge_app.add_url_rule("/_test/dirty", "test_dirty", change_without_flushing)
    assert edge_app.test_client().get("/_test/dirty").status_code == 200
    assert not renamed()


def test_reads_that_wrote_nothing_keep_psycopgs_prepared_statements(postgres_only, make_app):
    """psycopg prepares a statement at its sixth use on a connection, and forgets them all at a
    ROLLBACK: a read that wrote nothing ends with COMMIT, so the next poll runs the plan it has."""
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 5})
    app.add_url_rule("/_test/read", "test_read", lambda: str(db.session.scalar(select(User.id).limit(1))))
    app.add_url_rule("/_test/prepared", "test_prepared", lambda: str(db.session.scalar(
        text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM users%'"))))
    with app.app_context():
        accounts.create_user("admin", PASSWORD, "admin")
        db.session.commit()
        client = app.test_client()
        for _ in range(7):
            assert client.get("/_test/read").status_code == 200
        assert client.get("/_test/prepared").text == "1"


def test_a_failed_commit_is_answered_by_the_error_handlers_and_keeps_the_cookie_as_it_came(edge_app):
    def sign_and_write():
        session["marker"] = "set before the commit"
        flash("Saved.")
        write()
        return "saved"

    edge_app.add_url_rule("/_test/cookie", "test_cookie", sign_and_write, methods=["POST"])
    client = edge_app.test_client()

    def refuse_commit(_session):
        if has_request_context():  # the test's own commits go through
            raise OperationalError("COMMIT", None, Exception("database is locked"))

    event.listen(db.session, "before_commit", refuse_commit)
    try:
        response = client.post("/_test/cookie")
    finally:
        event.remove(db.session, "before_commit", refuse_commit)
    assert response.status_code == 503 and b"busy" in response.data
    assert written() is None
    with client.session_transaction() as cookie:
        assert "marker" not in cookie and "_flashes" not in cookie


@click.command("write-then")
@click.argument("outcome")
@transaction.command
def write_then(outcome):
    write()
    if outcome == "fail":
        raise click.ClickException("refused after the flush")


@pytest.mark.parametrize("outcome, committed", [("succeed", "written"), ("fail", None)])
def test_a_command_commits_when_it_succeeds_and_rolls_back_when_it_fails(edge_app, outcome, committed):
    result = edge_app.test_cli_runner().invoke(write_then, [outcome])
    assert (result.exit_code == 0) == (outcome == "succeed"), result.output
    assert written() == committed
