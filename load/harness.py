"""What the load, fault and save-latency scripts share: a migrated instance, seeded through the
services, and gunicorn run as a subprocess on the loopback address.

Nothing here is imported by the app or by pytest.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from annotator import create_app  # noqa: E402
from annotator.extensions import db  # noqa: E402

SECRET = "load-test-secret-not-for-production"
ARTICLE = ("The council spent $4 million on roads in 2023, the mayor said. "
           "Unemployment fell to 3.9% last year, according to the statistics office. ") * 40


def app_for(url, instance, **overrides):
    """Return an app on url with the cheap password profile (the scripts sign in with tokens)."""
    return create_app({"SECRET_KEY": SECRET, "DATABASE_URL": url, "INSTANCE_PATH": str(instance),
                       "PASSWORD_HASH_PROFILE": "CHEAPEST", **overrides})


def new_database(root, postgres=None):
    """Return the URL of a fresh, migrated database: an SQLite file in root, or a new PG database."""
    from flask_migrate import upgrade

    if postgres:
        url = make_url(postgres).set(drivername="postgresql+psycopg")
        name = f"annotator_load_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        database = url.set(database=name).render_as_string(hide_password=False)
    else:
        database = "sqlite:///" + str(Path(root, "load.sqlite"))
    app = app_for(database, root)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    return database


def drop_database(database):
    """Drop a PostgreSQL database made by new_database (SQLite files go with their folder)."""
    url = make_url(database)
    if not url.drivername.startswith("postgresql"):
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def in_new_database(postgres, work):
    """Return work(database, root) run on a new temporary database, dropped afterwards."""
    with tempfile.TemporaryDirectory() as root:
        database = new_database(root, postgres)
        try:
            return work(database, root)
        finally:
            drop_database(database)


def run_clients(clients, loop, *args):
    """Run loop(client, *args) in a thread per client, close the clients, return the wall time."""
    threads = [threading.Thread(target=loop, args=(client, *args)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    for client in clients:
        client.close()
    return wall


def seed(database, root, annotators=10, reviewers=2, articles=5, text_=ARTICLE):
    """Create an admin, users with one API token each, and articles; return them as plain data."""
    from annotator.services import accounts
    from annotator.services.articles import import_article

    app = app_for(database, root)
    with app.app_context():
        admin = accounts.create_user("admin", "load-admin-password", "admin")
        users = [accounts.create_user(f"{role}{n}", "load-user-password", role)
                 for role, count in (("annotator", annotators), ("reviewer", reviewers)) for n in range(count)]
        tokens = {u.username: (u.role, accounts.create_api_token(u, "load")[1]) for u in users}
        ids = [import_article(admin, text_, title=f"Load article {n}").id for n in range(articles)]
        db.session.commit()
        db.engine.dispose()
    return {"tokens": tokens, "articles": ids, "text_length": len(text_)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the app on 127.0.0.1; start, kill -9, restart."""

    def __init__(self, database, root, workers=2, threads=8, port=None, settings=None):
        self.database, self.root = database, Path(root)
        self.workers, self.threads = workers, threads
        self.settings = settings or {}  # app settings, each given as its ANNOTATOR_* variable
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def command(self):
        return [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--threads", str(self.threads), "--worker-class", "gthread",
                # Longer than any client's pause, so no idle connection is closed as a request arrives.
                "--keep-alive", "30",
                "--log-level", "warning", "annotator:create_app()"]

    def environment(self):
        return {**os.environ, "ANNOTATOR_DATABASE_URL": self.database, "ANNOTATOR_SECRET_KEY": SECRET,
                "ANNOTATOR_INSTANCE_PATH": str(self.root), "ANNOTATOR_PASSWORD_HASH_PROFILE": "CHEAPEST",
                **{f"ANNOTATOR_{name}": str(value) for name, value in self.settings.items()}}

    def start(self, timeout=30):
        log = open(self.root / "gunicorn.log", "ab")
        # Its own process group, so that kill -9 reaches the arbiter and every worker.
        self.process = subprocess.Popen(self.command(), env=self.environment(), cwd=ROOT,
                                        stdout=log, stderr=log, start_new_session=True)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.root}/gunicorn.log")
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer in time")

    def kill9(self):
        """Kill the arbiter and its workers at once, as a crash would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def add_server_arguments(parser):
    """Add the options every script that starts gunicorn takes."""
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a fresh database is made and dropped")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    return parser


def cpu_seconds(session=None, name=None):
    """Return the CPU seconds (user + system) used so far by the live processes of a session id
    (a server started in its own session and its workers) or of a command name ("postgres")."""
    total, tick = 0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:
            continue
        command, fields = raw[raw.index("(") + 1:raw.rindex(")")], raw.rsplit(")", 1)[1].split()
        if (session is not None and int(fields[3]) == session) or (name is not None and command == name):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def percentile(values, p):
    """Return the p-th percentile (nearest rank) of values, in the same unit."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def count_markers(database, root):
    """Return ({claimant marker: claims holding it}, {notes marker: history events that set it}).

    A create carries its marker as the claimant (never changed afterwards); an update sets the
    notes to its own marker, and every applied update writes exactly one history event.
    """
    from annotator.models import Claim, Event

    app = app_for(database, root)
    creates, updates = {}, {}
    with app.app_context():
        for claimant, in db.session.execute(db.select(Claim.claimant).where(Claim.claimant.like("m:%"))):
            creates[claimant] = creates.get(claimant, 0) + 1
        rows = db.session.execute(db.select(Event.new).where(Event.entity == "claim", Event.field == "notes"))
        for new, in rows:
            if isinstance(new, str) and new.startswith("m:"):
                updates[new] = updates.get(new, 0) + 1
        db.engine.dispose()
    return creates, updates


def verify(acknowledged, creates, updates):
    """Compare acknowledged saves with the database: lost ones and ones applied twice."""
    lost = [m for kind, m in acknowledged if (creates if kind == "create" else updates).get(m, 0) == 0]
    doubled = [m for m, n in list(creates.items()) + list(updates.items()) if n > 1]
    return {"acknowledged": len(acknowledged), "lost": len(lost), "applied_twice": len(doubled),
            "examples": (lost + doubled)[:5]}


class ApiClient:
    """One annotator's keep-alive connection to the API, with their bearer token."""

    def __init__(self, base_url, token, timeout=30):
        host, port = base_url.removeprefix("http://").split(":")
        self.address, self.timeout = (host, int(port)), timeout
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """Return (status, parsed JSON or None, seconds); a dropped connection raises OSError."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        started = time.perf_counter()
        try:
            self.connection.request(method, "/api/v1" + path, json.dumps(body) if body is not None else None,
                                    {**self.headers, **(headers or {})})
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise OSError("connection lost") from None
        elapsed = time.perf_counter() - started
        return response.status, json.loads(raw) if raw else None, elapsed

    def create(self, article_id, start, end, marker):
        """Save a new claim whose claimant is marker, with marker as its Idempotency-Key."""
        body = {"start": start, "end": end, "claimant": marker}
        return self.request("POST", f"/articles/{article_id}/claims", body, {"Idempotency-Key": marker})

    def update(self, claim_id, version, marker):
        return self.request("PATCH", f"/claims/{claim_id}", {"notes": marker, "version": version})

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def new_marker():
    return "m:" + uuid.uuid4().hex


def write_json(path, data):
    Path(path).write_text(json.dumps(data, indent=1))
