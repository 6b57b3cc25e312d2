"""Discussion: one thread per claim and one per article, its comments, and who they notify."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow
from annotator.models.user import User

NOTIFICATION_KINDS = ("assigned", "mentioned", "replied", "sent_back", "ready_for_review", "signed_off", "reopened")
MAIL_FREQUENCIES = ("immediately", "daily", "off")
# A notification's e-mail: waiting for the worker, taken by one, sent, or never to be sent.
MAIL_STATES = ("pending", "sending", "sent", "skipped")


class Thread(db.Model):
    """The discussion of a claim (claim_id set) or of the article as a whole (claim_id null)."""

    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "claim:<id>" or "article:<id>": unique, so two first comments at once make one thread.
    subject: Mapped[str] = mapped_column(String(40), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    resolved_by: Mapped[Optional[User]] = relationship(lazy="raise")

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_thread_id_id", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # Who wrote it when it came from an import ({"username", "display_name"}); None when local.
    author_name: Mapped[Optional[Any]] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text)
    # "comment", or "request_changes" for a reviewer's request that opened or continued the thread.
    kind: Mapped[str] = mapped_column(String(24), default="comment")
    mentions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    author: Mapped[Optional[User]] = relationship(lazy="raise")


class Notification(db.Model):
    """Something that happened to a person's work; also the outbox of its e-mail (mail_state)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_mail_state", "mail_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    article_id: Mapped[Optional[int]] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    claim_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    comment_id: Mapped[Optional[int]] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    mail_state: Mapped[str] = mapped_column(String(8), default="skipped")
    mail_taken_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    actor: Mapped[Optional[User]] = relationship(foreign_keys=[actor_id], lazy="raise")


class MailPreference(db.Model):
    """Where and how often a person wants e-mail about their notifications."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    frequency: Mapped[str] = mapped_column(String(12), default="immediately")
