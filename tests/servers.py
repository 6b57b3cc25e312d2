"""Helpers for tests that start a real server: gunicorn and the mail worker in processes of their
own, or an SMTP server (aiosmtpd) in a thread that keeps what it receives."""
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from email import policy
from types import SimpleNamespace

from annotator import ROOT

WAIT_SECONDS = 15
START_SECONDS = 30
SECRET = "server-test-secret-server-test-secret"


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            self.arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count, timeout=WAIT_SECONDS):
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.messages) < count and time.monotonic() < deadline:
                self.arrived.wait(0.2)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"
        return self.messages


@contextmanager
def smtp_inbox():
    """Run an SMTP server on 127.0.0.1; yield (its Inbox, its port)."""
    from aiosmtpd.controller import Controller

    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


def app_environment(database_url, folder, settings):
    """Return the environment of an app process on database_url: instance folder in folder,
    each setting as its ANNOTATOR_* variable (values are read as JSON, as the config reads them)."""
    env = {**os.environ, "ANNOTATOR_SECRET_KEY": SECRET, "ANNOTATOR_DATABASE_URL": database_url,
           "ANNOTATOR_INSTANCE_PATH": str(folder / "instance"), "ANNOTATOR_PASSWORD_HASH_PROFILE": "CHEAPEST"}
    return env | {f"ANNOTATOR_{name}": str(value) for name, value in settings.items()}


@contextmanager
def process(args, env, log_path, cwd=ROOT):
    """Run args in a session of its own, output to log_path; stop it and its children after."""
    with open(log_path, "wb") as log:
        running = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            yield running
        finally:
            os.killpg(running.pid, signal.SIGTERM)
            running.wait(10)


def wait_until_served(url, running, log_path, timeout=START_SECONDS):
    """Wait until url answers; fail with the server's log when it exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert running.poll() is None, log_path.read_text()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log_path.read_text())


@contextmanager
def gunicorn(database_url, folder, workers=3, **settings):
    """Serve the app with gunicorn, several processes on database_url, so no memory is shared;
    yield its address (.port, .url(path))."""
    port, log_path = free_port(), folder / "gunicorn.log"
    args = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads", "4",
            "--worker-class", "gthread", "annotator:create_app()"]
    with process(args, app_environment(database_url, folder, settings), log_path) as running:
        base = f"http://127.0.0.1:{port}"
        wait_until_served(base + "/login", running, log_path)
        yield SimpleNamespace(port=port, url=lambda path="/": base + path)


@contextmanager
def mail_worker(database_url, folder, **settings):
    """Run `annotator worker` (the huey consumer that drains the mail outbox) in its own process,
    on the queue of the app processes that share folder; yield the process."""
    log_path = folder / "worker.log"
    args = [sys.executable, "-c", "from annotator.cli import main; main()", "worker"]
    with process(args, app_environment(database_url, folder, settings), log_path) as running:
        deadline = time.monotonic() + START_SECONDS
        while b"Worker on" not in log_path.read_bytes():
            assert running.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield running
