"""The factory is pure: building an app writes no file and touches no schema."""
import os
import sqlite3
import subprocess
import sys

from annotator import ROOT, create_app


def snapshot(folder):
    return sorted((p.relative_to(folder), p.stat().st_size) for p in folder.rglob("*"))


def test_factory_writes_no_file(tmp_path):
    before = snapshot(tmp_path)
    app = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path / "instance"})
    app.test_client()
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "instance").exists()


def test_factory_changes_no_schema(tmp_path):
    path = tmp_path / "existing.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE kept (id INTEGER)").connection.commit()
    create_app({"TESTING": True, "INSTANCE_PATH": tmp_path, "DATABASE_URL": f"sqlite:///{path}"})
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables == [("kept",)]


def test_each_app_is_independent(tmp_path):
    first = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path, "PUBLISHER_NAME": "One"})
    second = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path})
    assert first.config["PUBLISHER_NAME"] != second.config["PUBLISHER_NAME"]


# Loaded on first use, never at start: the detector's runtime (about 60 MiB), the mail queue,
# alembic, the workbook writer, the import checker and the legacy-encoding detector.
LOADED_ON_FIRST_USE = ("numpy", "onnxruntime", "tokenizers", "huey", "redis", "alembic", "flask_migrate",
                       "openpyxl", "jsonschema", "charset_normalizer")


def test_serving_the_first_page_loads_nothing_heavy(tmp_path):
    """What `annotator run` does up to its first page, in a fresh interpreter."""
    script = (
        "import sys\n"
        "from annotator.cli import cli, main\n"
        "from annotator.cli_worker import run_with_worker\n"
        "from annotator import create_app\n"
        "cli.add_command(run_with_worker)\n"
        "assert cli.get_command(None, 'run') is run_with_worker\n"
        f"app = create_app({{'TESTING': True, 'INSTANCE_PATH': {str(tmp_path)!r}, "
        f"'DATABASE_URL': 'sqlite:///{tmp_path}/db.sqlite'}})\n"
        "app.test_client().get('/login')\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(LOADED_ON_FIRST_USE)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_the_migrations_attach_when_first_read(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path})
    assert app.extensions["migrate"].directory.endswith("migrations")
    assert type(app.extensions["migrate"]).__module__ == "flask_migrate"


def test_the_migration_commands_are_there_when_asked_for(tmp_path):
    """`annotator db ...` attaches Flask-Migrate on demand (its commands are not loaded at start)."""
    env = {**os.environ, "ANNOTATOR_SECRET_KEY": "k" * 48, "ANNOTATOR_INSTANCE_PATH": str(tmp_path)}
    command = [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())"]
    upgraded = subprocess.run([*command, "db", "upgrade"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([*command, "db", "current"], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "(head)" in current.stdout
    listed = subprocess.run([*command, "--help"], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "Perform database migrations." in listed.stdout
