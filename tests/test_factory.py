"""The factory is pure: building an app writes no file and touches no schema."""
import sqlite3

from annotator import create_app


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
