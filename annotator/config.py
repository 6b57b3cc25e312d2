"""Configuration.

Precedence, lowest first: the defaults below < ``instance/secret_key`` (written by
``annotator setup``) < ``instance/config.py`` < ``ANNOTATOR_*`` environment variables
(values parsed as JSON where they parse) < the test mapping given to ``create_app``.
"""
import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-not-secret"
SECRET_KEY_FILE = "secret_key"
# A session key shorter than this can be guessed offline from one signed cookie.
MIN_SECRET_KEY_BYTES = 32
GENERATE_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"

DEFAULTS = {
    "SECRET_KEY": DEV_SECRET_KEY,
    # None means an SQLite file in the instance folder.
    "DATABASE_URL": None,
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "ARTICLE_MAX_CHARS": 400_000,
    # The largest form field held in memory (a pasted article). None: ARTICLE_MAX_CHARS at up to
    # 4 UTF-8 bytes a character, within MAX_CONTENT_LENGTH; Werkzeug's own 500 kB refuses a
    # 300,000-character Cyrillic paste that the character limit allows.
    "MAX_FORM_MEMORY_SIZE": None,
    "SUGGESTION_THRESHOLD": None,
    # Threads the claim detector's encoder may use per app process (onnxruntime intra-op).
    "DETECTOR_THREADS": 2,
    "LOGIN_MAX_FAILURES": 5,
    # A name from argon2.profiles; RFC 9106's low-memory profile suits a shared server.
    "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
    "LOGIN_WINDOW_SECONDS": 900,
    # NIST SP 800-63B-4 asks for 15 characters where the password alone signs in, as here.
    "PASSWORD_MIN_LENGTH": 15,
    # A session ends after 12 hours without a request (a working day and its breaks), and in any
    # case 7 days after signing in.
    "SESSION_IDLE_SECONDS": 12 * 3600,
    "SESSION_ABSOLUTE_SECONDS": 7 * 86400,
    "SQLITE_BUSY_TIMEOUT_MS": 15_000,
    # FULL: a commit is on disk before it is acknowledged, even if the machine loses power
    # (NORMAL in WAL mode survives a crashed process, not a lost machine). README: Configuration.
    "SQLITE_SYNCHRONOUS": "FULL",
    # PostgreSQL cancels any one statement that runs longer (0: no limit): a runaway request
    # frees its worker and its locks. README: Running it for a team.
    "STATEMENT_TIMEOUT_MS": 30_000,
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
    # Discussion: how long after posting its author may still edit a comment.
    "COMMENT_EDIT_SECONDS": 15 * 60,
    # E-mail of notifications, sent by the worker (README: Notifications by e-mail). No
    # MAIL_SERVER: no mail at all. MAIL_FROM is the sender every message shows.
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "Claim Annotator <annotator@localhost>",
    "MAIL_TIMEOUT_SECONDS": 30,
    # The hour (UTC, 0-23) the daily digest goes out.
    "MAIL_DIGEST_HOUR": 7,
    # Live updates pushed over one open connection a page (Server-Sent Events), at most this many
    # at once per app process; each holds one of the server's threads while open, so keep it
    # well below gunicorn's --threads (README: Running it for a team). 0: every page polls.
    "LIVE_STREAMS": 0,
    # A stream ends after this long and the page opens the next one, so sign-outs, permission
    # changes and restarts reach an open page within it.
    "LIVE_STREAM_SECONDS": 30,
    # The job queue: empty means SqliteHuey in the instance folder (one machine); a Redis URL
    # (redis://127.0.0.1:6379/0) for a team whose app processes and worker share a queue.
    "HUEY_REDIS_URL": "",
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
    if app.config["MAX_FORM_MEMORY_SIZE"] is None:
        app.config["MAX_FORM_MEMORY_SIZE"] = form_memory_size(app.config)
    check_safe(app)


def form_memory_size(config):
    """Return the bytes one form field may hold: the longest article in UTF-8 (at most 4 bytes
    a character, and a browser's CRLF is 2 bytes for 1), never more than a whole request."""
    longest = config["ARTICLE_MAX_CHARS"] * 4
    whole = config["MAX_CONTENT_LENGTH"]
    return longest if whole is None else min(longest, whole)


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
    """Refuse unsafe settings; only the test suite (TESTING) may use the published development key.

    Debug mode is no exception: a debug flag left on in production must not also make sessions forgeable.
    """
    check_positive(app, ("PASSWORD_MIN_LENGTH", "SESSION_IDLE_SECONDS", "SESSION_ABSOLUTE_SECONDS",
                         "LIVE_STREAM_SECONDS"))
    check_whole(app, ("LIVE_STREAMS",))
    if app.testing:
        return
    key = app.config["SECRET_KEY"]
    if key in (DEV_SECRET_KEY, "", None):
        raise ConfigError(
            "No secret key: run `annotator setup` once (it keeps a generated key in "
            f"{app.instance_path}), or set ANNOTATOR_SECRET_KEY."
        )
    if len(key.encode() if isinstance(key, str) else key) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(f"SECRET_KEY is shorter than {MIN_SECRET_KEY_BYTES} bytes; generate one with {GENERATE_KEY_HINT}.")


def check_whole(app, names, least=0):
    """Refuse a setting that must be a whole number of at least `least` and is not."""
    for name in names:
        value = app.config[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            kind = "a positive whole number" if least == 1 else f"a whole number, {least} or more"
            raise ConfigError(f"{name} must be {kind}, not {value!r}.")


def check_positive(app, names):
    """Refuse a setting that must be a positive whole number and is not."""
    check_whole(app, names, least=1)
