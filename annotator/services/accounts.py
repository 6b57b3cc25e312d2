"""Accounts: create, authenticate, roles, sessions and personal API tokens."""
import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, or_, select, text, update

from annotator import permissions
from annotator.extensions import db
from annotator.models import ROLES, ApiToken, User, new_session_token, utcnow
from annotator.services import login_throttle
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found
from annotator.services.passwords import password_problem

TOKEN_PREFIX = "ca_"
# Matched whole with fullmatch: "$" would also match before a trailing newline.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{2,64}")
FIRST_RUN_LOCK = 0x0A770001  # any fixed number: the advisory lock first-run setups queue on
# last_used_at is rewritten at most this often, so that a busy script does not write on every request.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


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


def check_username(username):
    """Refuse a username that is not 2 to 64 letters, digits, '.', '_' or '-', matched whole."""
    if not isinstance(username, str) or not USERNAME_PATTERN.fullmatch(username):
        message = "Use 2 to 64 letters, digits, '.', '_' or '-' for the username."
        raise InvalidInput(message, {"username": [message]})


def new_password_problem(password, username="", display_name=""):
    """Return why password may not become this account's password (the policy), or None."""
    return password_problem(password, current_app.config["PASSWORD_MIN_LENGTH"], (username, display_name))


def check_new_password(password, username, display_name=""):
    """Raise InvalidInput on the password field when the policy refuses password."""
    problem = new_password_problem(password, username, display_name)
    if problem:
        raise InvalidInput(problem, {"password": [problem]})


def create_user(username, password, role="annotator", display_name="", actor=None):
    """Create an account; usernames are unique regardless of case."""
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}.", {"role": [f"Choose one of {', '.join(ROLES)}."]})
    check_username(username)
    check_new_password(password, username, display_name)
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
    """Create the first account, an admin; refused once any account exists, however many ask at once."""
    _take_first_run_turn()
    if not is_setup_needed():
        raise Conflict("This instance already has an administrator.")
    return create_user(username, password, "admin", display_name)


def _take_first_run_turn():
    """Make concurrent first-run setups wait for each other until the transaction ends.

    With no row yet to lock, PostgreSQL takes a transaction-scoped advisory lock; SQLite needs
    none, since every write transaction here begins IMMEDIATE and so takes the database's lock.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FIRST_RUN_LOCK})


def authenticate(username, password, remote_addr):
    """Return the active user whose password matches, or raise PermissionDenied.

    The attempt must already be counted (login_throttle.count_attempt, committed): a failure
    simply keeps it; a success gives it back.
    """
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if not _password_matches(user, password) or not user.active:
        raise PermissionDenied("Wrong username or password, or the account is deactivated.")
    login_throttle.give_back_attempt(username, remote_addr)
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


def change_password(user, current_password, new_password, remote_addr):
    """Set user's own new password once the current one checks out; end their other sessions.

    The attempt must already be counted (login_throttle.count_attempt, committed), as for a
    sign-in: a stolen session must not become a way to guess the password.
    """
    if not _password_matches(user, current_password):
        raise InvalidInput("The current password is wrong.", {"current_password": ["The current password is wrong."]})
    login_throttle.give_back_attempt(user.username, remote_addr)
    check_new_password(new_password, user.username, user.display_name)
    _set_password(user, new_password, must_change=False)
    record_event(user, "user", "change_password", entity_id=user.id)
    return user


def reset_password(actor, user, new_password):
    """Give another user a new password they must change at their next sign-in; unlock them.

    A reset is what an admin does to an account that may be in someone else's hands, so the
    user's API tokens end too (their own password change keeps them)."""
    permissions.check(actor, "admin.users")
    if user.id == actor.id:
        raise InvalidInput("Change your own password on your account page.")
    check_new_password(new_password, user.username, user.display_name)
    _set_password(user, new_password, must_change=True)
    _revoke_all_tokens(actor, user)
    login_throttle.clear(user.username)
    record_event(actor, "user", "reset_password", entity_id=user.id)
    return user


def _set_password(user, password, must_change):
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    end_sessions(user)


def unlock_user(actor, user):
    """Forget the failed sign-ins that lock a username out."""
    permissions.check(actor, "admin.users")
    login_throttle.clear(user.username)
    record_event(actor, "user", "unlock", entity_id=user.id)
    return user


def locked_user_ids(users):
    """Return the ids of those users who may not sign in now for too many failures."""
    config = current_app.config
    locked = login_throttle.locked_usernames(config["LOGIN_MAX_FAILURES"], config["LOGIN_WINDOW_SECONDS"])
    return {user.id for user in users if user.username.lower() in locked}


def update_user(actor, user, role, active):
    """Change a user's role and whether the account may sign in; deactivation ends every credential."""
    permissions.check(actor, "admin.users")
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
        _revoke_all_tokens(actor, user)
    return user


def _revoke_all_tokens(actor, user):
    """Revoke user's live tokens for good: reactivating the account does not bring them back."""
    now = utcnow()
    for token in list_api_tokens(user):
        if token.revoked_at is None:
            token.revoked_at = now
            record_event(actor, "api_token", "revoke", entity_id=token.id, new={"user_id": user.id})


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


def get_live_token(plaintext):
    """Return the live token with this plaintext whose owner is active, or None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(plaintext)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token


def is_token_use_stale(token):
    """Tell whether token's last_used_at is older than its resolution (or unset)."""
    return token.last_used_at is None or token.last_used_at < utcnow() - TOKEN_USE_RESOLUTION


def mark_token_used(token_id):
    """Set a token's last_used_at to now, unless another request just did."""
    now = utcnow()
    db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_USE_RESOLUTION),
    ).values(last_used_at=now))
