"""The sign-in throttle: failed attempts per username and per address, counted atomically.

An attempt is counted before its password is checked and given back only when the password is
right, so twenty parallel guesses cannot all read "4 failures so far" and all be checked. The
count is one row per key, raised by a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING
(PostgreSQL and SQLite both have it): the database serialises concurrent raises on the row.
"""
import math
from datetime import timedelta

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from annotator.extensions import db
from annotator.models import LoginThrottle, utcnow
from annotator.models.types import UTCDateTime
from annotator.services.errors import RateLimited

# An address may try several names (a shared newsroom NAT), so it gets more room.
ADDRESS_ALLOWANCE = 4
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
MESSAGE = "Too many failed sign-ins. Wait a few minutes and try again."


def user_key(username):
    return f"user:{username.lower()}"


def address_key(remote_addr):
    return f"ip:{remote_addr or 'unknown'}"


def count_attempt(username, remote_addr, max_failures, window_seconds):
    """Count a sign-in attempt against its name and address; raise RateLimited past either limit.

    The caller commits before checking the password, so every process sees the attempt.
    """
    now = utcnow()
    limits = {address_key(remote_addr): max_failures * ADDRESS_ALLOWANCE, user_key(username): max_failures}
    for key, limit in limits.items():  # address first, then name, everywhere: no deadlock between two keys
        failures, started = _raise_count(key, now, window_seconds)
        if failures > limit:
            retry_after = (started + timedelta(seconds=window_seconds) - now).total_seconds()
            raise RateLimited(MESSAGE, max(1, math.ceil(retry_after)))
    _forget_expired(now, window_seconds)


def _forget_expired(now, window_seconds):
    """Delete the rows of past windows, skipping any another attempt holds (so none waits on us)."""
    expired = select(LoginThrottle.key).where(LoginThrottle.window_started_at < _cutoff(now, window_seconds))
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(expired.with_for_update(skip_locked=True))))


def _cutoff(now, window_seconds):
    return now - timedelta(seconds=window_seconds)


def _raise_count(key, now, window_seconds):
    """Add one to key's count (a fresh window when the last has passed); return (count, window start)."""
    insert = INSERTS[db.session.get_bind().dialect.name]
    expired = LoginThrottle.window_started_at < _cutoff(now, window_seconds)
    statement = insert(LoginThrottle).values(key=key, failures=1, window_started_at=now)
    statement = statement.on_conflict_do_update(index_elements=[LoginThrottle.key], set_={
        "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
        "window_started_at": case((expired, literal(now, UTCDateTime)), else_=LoginThrottle.window_started_at),
    }).returning(LoginThrottle.failures, LoginThrottle.window_started_at)
    return db.session.execute(statement).one()


def give_back_attempt(username, remote_addr):
    """Give the address back the attempt and forget the name's failures: the password was right."""
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == address_key(remote_addr),
                                                   LoginThrottle.failures > 0)
                       .values(failures=LoginThrottle.failures - 1))
    clear(username)


def clear(username):
    """Forget the failed sign-ins of a username (an admin's unlock, or a right password)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == user_key(username)))


def locked_usernames(max_failures, window_seconds):
    """Return the (lower-cased) usernames that may not sign in now."""
    keys = db.session.scalars(select(LoginThrottle.key).where(
        LoginThrottle.key.startswith("user:"), LoginThrottle.failures >= max_failures,
        LoginThrottle.window_started_at >= _cutoff(utcnow(), window_seconds)))
    return {key.removeprefix("user:") for key in keys}
