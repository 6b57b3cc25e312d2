"""Accounts: create, authenticate, roles, sessions and personal API tokens."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, select

from annotator.extensions import db
from annotator.models import ROLES, ApiToken, LoginFailure, User, new_session_token, utcnow
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RateLimited
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found

TOKEN_PREFIX = "ca_"


def _hasher():
    """Return the argon2 hasher for the configured profile (tests use the cheapest)."""
    name = current_app.config["PASSWORD_HASH_PROFILE"]
    hashers = current_app.extensions.setdefault("annotator.hashers", {})
    if name not in hashers:
        hasher = PasswordHasher.from_parameters(getattr(profiles, name))
        # Verifying against a real hash when the user is unknown keeps timing uniform.
        hashers[name] = (hasher, hasher.hash("not a password anyone has"))
    return hashers[name]


def hash_password(password):
    """Return the argon2 hash of password."""
    return _hasher()[0].hash(password)


def is_setup_needed():
    """Tell whether the instance still has no account at all."""
    return db.session.scalar(select(User.id).limit(1)) is None


def get_user(user_id):
    """Return the user with this id or raise NotFound."""
    return get_or_not_found(User, user_id, "No such user.")


def list_users():
    """Return every account, by username."""
    return db.session.scalars(select(User).order_by(User.username)).all()


def create_user(username, password, role="annotator", display_name="", actor=None):
    """Create an account; usernames are unique regardless of case."""
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}.", {"role": [f"Choose one of {', '.join(ROLES)}."]})
    taken = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if taken is not None:
        raise Conflict("That username is taken.", {"username": ["That username is taken."]})
    user = User(username=username, display_name=display_name or username,
                password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.flush()
    record_event(actor or user, "user", "create", entity_id=user.id, new={"username": username, "role": role})
    return user


def create_first_admin(username, password, display_name=""):
    """Create the first account, an admin; refused once any account exists."""
    if not is_setup_needed():
        raise Conflict("This instance already has an administrator.")
    return create_user(username, password, "admin", display_name)


def _failure_keys(username, remote_addr):
    return [f"user:{username.lower()}", f"ip:{remote_addr or 'unknown'}"]


def check_login_rate(username, remote_addr, max_failures, window_seconds):
    """Raise RateLimited when too many recent sign-ins failed for this name or address."""
    since = utcnow() - timedelta(seconds=window_seconds)
    keys = _failure_keys(username, remote_addr)
    counts = db.session.execute(
        select(LoginFailure.key, func.count()).where(LoginFailure.key.in_(keys), LoginFailure.at >= since)
        .group_by(LoginFailure.key)
    ).all()
    # An address may try several names (a shared newsroom NAT), so it gets more room.
    limits = {keys[0]: max_failures, keys[1]: max_failures * 4}
    if any(count >= limits[key] for key, count in counts):
        raise RateLimited("Too many failed sign-ins. Wait a few minutes and try again.", window_seconds)


def authenticate(username, password, remote_addr, max_failures=5, window_seconds=900):
    """Return the active user whose password matches, or record a failure and raise."""
    check_login_rate(username, remote_addr, max_failures, window_seconds)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if not _password_matches(user, password) or not user.active:
        for key in _failure_keys(username, remote_addr):
            db.session.add(LoginFailure(key=key))
        db.session.flush()
        raise PermissionDenied("Wrong username or password, or the account is deactivated.")
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _failure_keys(username, "")[0]))
    if _hasher()[0].check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _password_matches(user, password):
    hasher, dummy_hash = _hasher()
    try:
        return hasher.verify(user.password_hash if user else dummy_hash, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def load_session_user(session_id):
    """Return the active user for a Flask-Login id "<user id>:<session token>", or None."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def end_sessions(user):
    """Invalidate every session cookie issued to user so far."""
    user.session_token = new_session_token()


def update_user(actor, user, role, active):
    """Change a user's role and whether the account may sign in."""
    if user.id == actor.id and (role != "admin" or not active):
        raise InvalidInput("You cannot demote or deactivate yourself; ask another admin.")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}.")
    for field, value in (("role", role), ("active", active)):
        if getattr(user, field) != value:
            record_event(actor, "user", "update", entity_id=user.id, field=field,
                         old=getattr(user, field), new=value)
            setattr(user, field, value)
    if not active:
        end_sessions(user)
    return user


def _token_hash(plaintext):
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_api_token(user, name):
    """Create a personal API token; return it and its plaintext, which is never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(plaintext),
                     prefix=plaintext[:10])
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def list_api_tokens(user):
    """Return user's tokens, newest first."""
    return db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()


def revoke_api_token(user, token_id):
    """Revoke one of user's tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    token.revoked_at = token.revoked_at or utcnow()
    return token


def user_for_token(plaintext):
    """Return the active owner of a live token, or None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(plaintext)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token.user
