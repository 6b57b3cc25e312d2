"""Configuration.

Precedence, lowest first: the defaults below < ``instance/secret_key`` (written by
``annotator setup``) < ``instance/config.py`` < ``ANNOTATOR_*`` environment variables
(values parsed as JSON where they parse) < the test mapping given to ``create_app``.
"""
import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-not-secret"
SECRET_KEY_FILE = "secret_key"

DEFAULTS = {
    "SECRET_KEY": DEV_SECRET_KEY,
    # None means an SQLite file in the instance folder.
    "DATABASE_URL": None,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "ARTICLE_MAX_CHARS": 400_000,
    "SUGGESTION_THRESHOLD": None,
    # Threads the claim detector's encoder may use per app process (onnxruntime intra-op).
    "DETECTOR_THREADS": 2,
    "LOGIN_MAX_FAILURES": 5,
    # A name from argon2.profiles; RFC 9106's low-memory profile suits a shared server.
    "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
    "LOGIN_WINDOW_SECONDS": 900,
    "SQLITE_BUSY_TIMEOUT_MS": 15_000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "PUBLISHER_NAME": "Claim Annotator newsroom",
    "PUBLISHER_URL": "https://example.org/",
    # The address people reach this instance at: the base of the IRIs in Web Annotation and
    # ClaimReview exports, so they are the same from the web and from the CLI. Empty: the request's.
    "PUBLIC_URL": "http://127.0.0.1:5000",
    "ALLOW_SELF_REVIEW": False,
    # How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-*; 0 = none.
    "PROXY_COUNT": 0,
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
}


class ConfigError(RuntimeError):
    """The configuration is unsafe or inconsistent."""


def instance_path(test_config=None):
    """Return the instance folder: test mapping, then ANNOTATOR_INSTANCE_PATH, else Flask's."""
    chosen = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("ANNOTATOR_INSTANCE_PATH")
    return str(Path(chosen).resolve()) if chosen else None


def load(app, test_config=None):
    """Fill app.config in precedence order and refuse unsafe settings."""
    app.config.from_mapping(DEFAULTS)
    key_file = Path(app.instance_path, SECRET_KEY_FILE)
    if key_file.is_file():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("ANNOTATOR")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    check_safe(app)


def database_uri(app):
    """Return the SQLAlchemy URL, defaulting to SQLite in the instance folder."""
    url = app.config["DATABASE_URL"]
    if not url:
        return "sqlite:///" + str(Path(app.instance_path, "annotator.sqlite"))
    # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def check_safe(app):
    """Refuse to run outside debug and tests with the published development key."""
    if app.debug or app.testing:
        return
    if app.config["SECRET_KEY"] in (DEV_SECRET_KEY, "", None):
        raise ConfigError(
            "No secret key: run `annotator setup` once (it keeps a generated key in "
            f"{app.instance_path}), or set ANNOTATOR_SECRET_KEY."
        )
