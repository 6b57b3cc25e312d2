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


def test_generated_key_in_instance_folder_is_used(instance):
    (instance / "secret_key").write_text("generated-key-0123456789\n")
    app = create_app({"INSTANCE_PATH": instance})
    assert app.config["SECRET_KEY"] == "generated-key-0123456789"


def test_debug_mode_may_use_the_development_key(instance, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INSTANCE_PATH": instance})
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
