"""One transaction per request and per command, ended at the edge (annotator/transaction.py).

The routes and the command here are made for the test: none of them commits, as no view does.
"""
import click
import pytest
from flask import abort, flash, has_request_context, session
from sqlalchemy import event, select
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
