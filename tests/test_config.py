"""Configuration precedence and the refusal of unsafe settings."""
import pytest

from annotator import create_app
from annotator.config import DEV_SECRET_KEY, ConfigError


@pytest.fixture
def instance(tmp_path, monkeypatch):
    for name in ("ANNOTATOR_SECRET_KEY", "ANNOTATOR_PUBLISHER_NAME", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_defaults_apply_when_nothing_else_is_set(instance):
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    assert app.config["PUBLISHER_NAME"] == "Claim Annotator newsroom"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/annotator.sqlite"


def test_instance_file_overrides_defaults(instance):
    (instance / "config.py").write_text("PUBLISHER_NAME = 'From the file'\n")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    assert app.config["PUBLISHER_NAME"] == "From the file"


def test_environment_overrides_instance_file(instance, monkeypatch):
    (instance / "config.py").write_text("PUBLISHER_NAME = 'From the file'\n")
    monkeypatch.setenv("ANNOTATOR_PUBLISHER_NAME", "From the environment")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    assert app.config["PUBLISHER_NAME"] == "From the environment"


def test_test_mapping_overrides_environment(instance, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_PUBLISHER_NAME", "From the environment")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance, "PUBLISHER_NAME": "From the test"})
    assert app.config["PUBLISHER_NAME"] == "From the test"


def test_environment_values_are_parsed_as_json(instance, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_LOGIN_MAX_FAILURES", "9")
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    assert app.config["LOGIN_MAX_FAILURES"] == 9


def test_postgres_url_uses_psycopg3(instance):
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance,
                      "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_refuses_to_start_outside_debug_with_the_default_key(instance):
    with pytest.raises(ConfigError, match="annotator setup"):
        create_app({"INSTANCE_PATH": instance})


def test_refuses_an_empty_secret_key(instance, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", '""')
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": instance})


GOOD_KEY = "generated-key-0123456789-0123456789-abcdef"


def test_generated_key_in_instance_folder_is_used(instance):
    (instance / "secret_key").write_text(GOOD_KEY + "\n")
    app = create_app({"INSTANCE_PATH": instance})
    assert app.config["SECRET_KEY"] == GOOD_KEY


def test_debug_mode_does_not_allow_the_development_key(instance, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigError, match="annotator setup"):
        create_app({"INSTANCE_PATH": instance})
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": instance, "DEBUG": True, "SECRET_KEY": DEV_SECRET_KEY})


def test_only_the_test_suite_may_use_the_development_key(instance):
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance})
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


@pytest.mark.parametrize("key", ["x", "a" * 31, "é" * 15])
def test_refuses_a_secret_key_shorter_than_32_bytes(instance, monkeypatch, key):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="shorter than 32 bytes"):
        create_app({"INSTANCE_PATH": instance})


def test_accepts_a_secret_key_of_32_bytes(instance, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", "é" * 16)
    assert create_app({"INSTANCE_PATH": instance}).config["SECRET_KEY"] == "é" * 16


def test_sessions_expire_by_default(instance):
    config = create_app({"TESTING": True, "INSTANCE_PATH": instance}).config
    assert (config["SESSION_IDLE_SECONDS"], config["SESSION_ABSOLUTE_SECONDS"]) == (12 * 3600, 7 * 86400)
    assert config["PASSWORD_MIN_LENGTH"] == 15


@pytest.mark.parametrize("name,value", [("SESSION_IDLE_SECONDS", 0), ("SESSION_ABSOLUTE_SECONDS", "week"),
                                        ("PASSWORD_MIN_LENGTH", -1)])
def test_refuses_a_setting_that_is_not_a_positive_number(instance, name, value):
    with pytest.raises(ConfigError, match=name):
        create_app({"TESTING": True, "INSTANCE_PATH": instance, name: value})


def test_database_errors_do_not_show_their_parameters(app):
    """A log of a failed statement must not hold the password hash or token it carried."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from annotator.extensions import db
    from annotator.models import User

    row = {"username": "twice", "display_name": "x", "password_hash": "SECRET-HASH-1234", "role": "annotator",
           "active": True, "session_token": "SECRET-TOKEN-5678"}
    db.session.execute(insert(User).values(**row))
    with pytest.raises(IntegrityError) as caught:
        db.session.execute(insert(User).values(**row))
    db.session.rollback()
    assert "SECRET" not in str(caught.value)
    assert "parameters hidden" in str(caught.value)
