"""Durable by default and bounded per request: SQLite syncs every commit (synchronous=FULL,
configurable), PostgreSQL cancels a statement that runs past STATEMENT_TIMEOUT_MS, and the
request that ran it gets a clear 503, not a 500."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from annotator.config import ConfigError
from annotator.extensions import db
from tests.conftest import dialect

SYNCHRONOUS_LEVELS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


@pytest.fixture
def sqlite_only(database_url):
    if dialect(database_url) != "sqlite":
        pytest.skip("an SQLite pragma")


def synchronous(app):
    with app.app_context():
        level = db.session.execute(text("PRAGMA synchronous")).scalar()
        db.session.remove()
    return SYNCHRONOUS_LEVELS[level]


def test_sqlite_syncs_every_commit_by_default(make_app, sqlite_only):
    app = make_app()
    assert synchronous(app) == "FULL"
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_sqlite_synchronous_is_configurable_and_checked(make_app, sqlite_only):
    assert synchronous(make_app(SQLITE_SYNCHRONOUS="normal")) == "NORMAL"
    with pytest.raises(ConfigError):
        make_app(SQLITE_SYNCHRONOUS="FULL; DROP TABLE users")


def test_postgres_statements_have_a_budget(make_app, postgres_only):
    with make_app().app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "30s"
    with make_app(STATEMENT_TIMEOUT_MS=150).app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "150ms"
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(text("SELECT pg_sleep(2)"))
        db.session.rollback()


def test_a_request_past_its_budget_gets_a_clear_503(make_app, postgres_only, admin, database_url):
    """Another connection holds a lock the request needs: its statement waits past the budget."""
    from annotator.services.accounts import create_api_token

    _, token = create_api_token(admin, "budget")
    db.session.commit()
    client = make_app(STATEMENT_TIMEOUT_MS=300).test_client()
    holder = create_engine(make_url(database_url).set(drivername="postgresql+psycopg"))
    with holder.connect() as connection:
        connection.execute(text("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE"))
        response = client.get("/api/v1/articles", headers={"Authorization": f"Bearer {token}"})
        connection.rollback()
    holder.dispose()
    assert response.status_code == 503
    assert response.json["error"]["code"] == "timeout"
