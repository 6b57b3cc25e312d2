"""Helpers for tests that start a real server: gunicorn in a process of its own, or an SMTP
server (aiosmtpd) in a thread that keeps what it receives."""
import email
import socket
import threading
import time
from contextlib import contextmanager
from email import policy

WAIT_SECONDS = 15


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

    def wait_for(self, count):
        deadline = time.monotonic() + WAIT_SECONDS
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
