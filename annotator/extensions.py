"""Extensions, created unbound and attached to an app in init_app."""
import threading
from pathlib import Path

from flask import has_request_context, request
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase

from annotator.config import ConfigError
from annotator.jsontext import read_json

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Database errors and logs show the SQL but never its parameters (password hashes, token hashes).
# JSON values are read by orjson where it reads what json.loads would (jsontext.py): on
# PostgreSQL the driver decodes every JSON value, half the time of reading the history.
db = SQLAlchemy(model_class=Base, engine_options={"hide_parameters": True, "json_deserializer": read_json})
MIGRATIONS_DIRECTORY = str(Path(__file__).parent / "migrations")
csrf = CSRFProtect()
login_manager = LoginManager()


class LazyMigrate:
    """Stands in app.extensions["migrate"] until a migration command (or `upgrade`) reads it:
    then attaches Flask-Migrate, which replaces it, and answers from the real one. Flask-Migrate
    brings alembic (11 MiB, 0.1 s), which a serving process never needs (README, Benchmarks)."""

    def __init__(self, app):
        self._app = app

    def __getattr__(self, name):
        from flask_migrate import Migrate

        Migrate(self._app, db, directory=MIGRATIONS_DIRECTORY, render_as_batch=True)
        return getattr(self._app.extensions["migrate"], name)


SQLITE_SYNCHRONOUS = ("FULL", "NORMAL", "EXTRA", "OFF")


def init_app(app):
    """Attach every extension to app."""
    budget_postgres_statements(app)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"],
                                 app.config.get("SQLITE_MAX_PAGE_COUNT"), sqlite_synchronous(app))
    app.extensions["migrate"] = LazyMigrate(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def sqlite_synchronous(app):
    """Return the SQLITE_SYNCHRONOUS setting, refusing a value SQLite does not know."""
    value = str(app.config["SQLITE_SYNCHRONOUS"]).upper()
    if value not in SQLITE_SYNCHRONOUS:
        raise ConfigError(f"SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS)}, not {value!r}.")
    return value


def budget_postgres_statements(app):
    """Give every PostgreSQL connection the STATEMENT_TIMEOUT_MS budget, as a connect option
    (no extra round trip, and it holds in every transaction of the connection)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    engine_options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(engine_options.get("connect_args") or {})
    timeout = f"-c statement_timeout={int(app.config['STATEMENT_TIMEOUT_MS'])}"
    connect_args["options"] = f"{connect_args['options']} {timeout}" if connect_args.get("options") else timeout
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine_options, "connect_args": connect_args}


def configure_sqlite(engine, busy_timeout_ms, max_page_count=None, synchronous="FULL"):
    """Make SQLite safe for several writers: WAL, a busy timeout, IMMEDIATE writes; and durable:
    synchronous=FULL syncs the WAL at every commit (NORMAL would lose the last commits when
    the machine loses power, though not when the process crashes).

    pysqlite's default opens a deferred transaction that upgrades to a write lock at
    the first write; two such writers deadlock and one fails with "database is
    locked". Taking the write lock at BEGIN makes the second writer wait instead.
    """
    pragmas = [f"busy_timeout = {int(busy_timeout_ms)}", "journal_mode = WAL", "foreign_keys = ON",
               f"synchronous = {synchronous}"]
    if max_page_count:
        # A cap on the file's size in pages: how the tests make a full disk on demand.
        pragmas.append(f"max_page_count = {int(max_page_count)}")

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    queue_writers(engine, busy_timeout_ms / 1000)


def queue_writers(engine, timeout):
    """Begin writes IMMEDIATE, after this process's earlier writers are done.

    SQLite's own busy handler polls with sleeps of up to 100 ms, which turns a short
    wait into a long tail; a lock per process makes its writers a fair queue.
    """
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if is_read_only_request():
            connection.exec_driver_sql("BEGIN")
            return
        if not writer.acquire(timeout=timeout):
            raise OperationalError("BEGIN IMMEDIATE", None, Exception("database is locked"))
        connection.info["holds_writer_lock"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            release(connection)
            raise

    def release(connection):
        if connection.info.pop("holds_writer_lock", False):
            writer.release()

    event.listen(engine, "commit", release)
    event.listen(engine, "rollback", release)


def is_read_only_request():
    """Tell whether the current request is one that must not write."""
    return has_request_context() and request.method in READ_ONLY_METHODS
