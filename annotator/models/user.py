"""People and the credentials they sign in with."""
import secrets
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow

ROLES = ("annotator", "reviewer", "admin")
# Who may do what; a role includes the ones before it except where noted in services.
ANNOTATING_ROLES = frozenset(ROLES)
REVIEWING_ROLES = frozenset({"reviewer", "admin"})


def new_session_token():
    """Return a fresh random token that ties login cookies to one session generation."""
    return secrets.token_urlsafe(24)


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="annotator")
    active: Mapped[bool] = mapped_column(default=True)
    # Rotated on logout and password change so that copied cookies stop working.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Set by an admin's reset: every page asks for a new password until the user chooses one.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Flask-Login protocol
    @property
    def is_active(self):
        return self.active

    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    def can_annotate(self):
        return self.active and self.role in ANNOTATING_ROLES

    def can_review(self):
        return self.active and self.role in REVIEWING_ROLES

    def is_admin(self):
        return self.active and self.role == "admin"

    def __repr__(self):
        return f"<User {self.username} {self.role}>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LoginThrottle(db.Model):
    """Sign-in attempts against one username or address in the current window.

    One row per key, counted with an atomic upsert, so parallel attempts cannot all read a
    count below the limit; an attempt counts until its password is found right.
    """

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
