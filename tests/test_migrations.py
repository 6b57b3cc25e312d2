"""The migrations build the whole schema on an empty database, on SQLite and PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from annotator.extensions import db
from annotator.models import Verdict


def test_migrated_schema_matches_the_models(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_seed_the_default_verdict_scale(app):
    keys = db.session.scalars(select(Verdict.key).order_by(Verdict.position)).all()
    assert keys == ["accurate", "mostly_accurate", "mixed", "misleading", "false", "unsubstantiated", "not_checkable"]


def test_models_have_no_change_the_migrations_lack(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.models.search_index import include_name

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_downgrade_then_upgrade_round_trips(app):
    directory = app.extensions["migrate"].directory
    db.session.remove()
    downgrade(directory=directory, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(directory=directory)
    assert "claims" in inspect(db.engine).get_table_names()
