"""Fixtures: a migrated database per test (SQLite, or PostgreSQL when asked), the app,
clients, and factories that build data through the services the app uses."""
import contextvars
import itertools
import os
import re
import shutil
import uuid

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from annotator import create_app
from annotator.extensions import db
from annotator.services import live

PASSWORD = "correct horse battery"
PG_URL_ENV = "ANNOTATOR_TEST_DATABASE_URL"


def pytest_configure(config):
    # Keep HOME and caches out of the user's own folders.
    base = config.rootpath / ".pytest-home"
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ.setdefault(name, str(base / name.lower()))


def app_config(database_url, instance_path, **overrides):
    """Return the mapping every test app starts from."""
    return {
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance_path), "WTF_CSRF_ENABLED": False,
        # Still argon2, with the cheapest parameters, so that hundreds of logins stay fast.
        "PASSWORD_HASH_PROFILE": "CHEAPEST", **overrides,
    }


def migrate(database_url, instance_path):
    """Build the schema the way production does: with the migrations."""
    from flask_migrate import upgrade

    app = create_app(app_config(database_url, instance_path))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


class SqliteDatabases:
    """A migrated template file, copied for each test."""

    def __init__(self, root):
        self.root = root
        self.template = root / "template.sqlite"
        migrate("sqlite:///" + str(self.template), root)

    def new(self, tmp_path):
        target = tmp_path / "test.sqlite"
        shutil.copyfile(self.template, target)
        return "sqlite:///" + str(target)

    def drop(self, url):
        pass


class PostgresDatabases:
    """A migrated template database, cloned for each test and dropped after it."""

    def __init__(self, url, root):
        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.prefix = f"annotator_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.counter = itertools.count()
        self.template = self.prefix + "_tmpl"
        self._execute(f'CREATE DATABASE "{self.template}"')
        migrate(self._url_for(self.template), root)

    def _url_for(self, name):
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql):
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def new(self, tmp_path):
        name = f"{self.prefix}_{next(self.counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._url_for(name)

    def drop(self, url):
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    url = os.environ.get(PG_URL_ENV)
    root = tmp_path_factory.mktemp("db-template")
    if url:
        pg = PostgresDatabases(url, root)
        yield pg
        pg.close()
    else:
        yield SqliteDatabases(root)


@pytest.fixture
def database_url(databases, tmp_path):
    url = databases.new(tmp_path)
    yield url
    databases.drop(url)


def dialect(database_url):
    return make_url(database_url).get_backend_name()


@pytest.fixture
def postgres_only(database_url):
    """Skip the test unless it runs on PostgreSQL (ANNOTATOR_TEST_DATABASE_URL is set)."""
    if dialect(database_url) != "postgresql":
        pytest.skip(f"needs PostgreSQL: set {PG_URL_ENV}")


class IsolatedClient(FlaskClient):
    """A test client whose requests run as they do in production, in their own context.

    Flask reuses an app context already pushed (the test's) for requests made inside
    it, sharing `g` and the database session between requests. Each request here runs
    in an empty context instead, after the test's own transaction is ended, so the
    request sees what the test committed and holds no lock the test holds. The body is
    read there too (buffered), as a server reads a streamed body in the request's thread.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        # A streamed body is read in the request's context too, as a server reads it.
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


def stop_ticker(ticker):
    """Wait for the live ticker to see its last stream gone and end, before its engine goes: a
    connection handed back to a disposed pool is never closed (and the test run fails on that)."""
    thread = ticker.thread
    if thread is not None and not ticker.cursors:  # a stream left open keeps it: not waited for
        with live.NEWS:
            live.NEWS.notify_all()
        thread.join(10)


@pytest.fixture
def make_app(database_url, tmp_path):
    """Return a factory of apps on this test's database, with config overrides."""
    apps = []

    def factory(**overrides):
        app = create_app(app_config(database_url, tmp_path / "instance", **overrides))
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield factory
    for app in apps:
        stop_ticker(app.extensions["live_ticker"])
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Return a factory of committed users, made by the accounts service."""
    from annotator.services import accounts

    counter = itertools.count(1)

    def factory(role="annotator", username=None, password=PASSWORD, active=True):
        user = accounts.create_user(username or f"{role}{next(counter)}", password, role)
        user.active = active
        db.session.commit()
        return user

    return factory


@pytest.fixture
def admin(make_user):
    return make_user("admin", "admin")


@pytest.fixture
def annotator(make_user):
    return make_user("annotator")


@pytest.fixture
def reviewer(make_user):
    return make_user("reviewer")


@pytest.fixture
def login(client):
    """Sign a user in on the shared test client."""

    def do_login(user, password=PASSWORD, target=None):
        response = (target or client).post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.text
        return response

    return do_login


@pytest.fixture
def signed_in(client, admin, login):
    """The shared test client, signed in as the admin."""
    login(admin)
    return client


@pytest.fixture
def as_user(app, login):
    """Return a function: a new test client signed in as the given user (one client per person)."""
    def client_for(user):
        client = app.test_client()
        login(user, target=client)
        return client
    return client_for


@pytest.fixture
def make_article(app, admin):
    """Return a factory of committed articles, imported by the articles service."""
    from annotator.services.articles import import_article

    def factory(text="The council spent $4 million on roads in 2023, the mayor said.", title="A story", actor=None):
        article = import_article(actor or admin, text, title=title)
        db.session.commit()
        return article

    return factory


@pytest.fixture
def make_claim(app, admin):
    """Return a factory of committed claims, created by the claims service."""
    from annotator.services.claims import create_claim

    def factory(article, quote=None, start=None, end=None, actor=None, **fields):
        if quote is not None:
            start = article.text.index(quote)
            end = start + len(quote)
        claim, _ = create_claim(actor or admin, article, start, end, **fields)
        db.session.commit()
        return claim

    return factory


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""

    class Counter:
        def __init__(self):
            self.statements = []

        def __call__(self, conn, cursor, statement, *args):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|BEGIN|PRAGMA)", statement, re.I):
                self.statements.append(statement)

        def __enter__(self):
            event.listen(db.engine, "before_cursor_execute", self)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self)

        @property
        def count(self):
            return len(self.statements)

    return Counter


@pytest.fixture
def inbox():
    """A local SMTP server (aiosmtpd) for the test: (messages received, port)."""
    from tests.servers import smtp_inbox

    with smtp_inbox() as running:
        yield running
