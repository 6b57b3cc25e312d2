"""Assignments: who annotates and who reviews an article, by when, and how urgently."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow
from annotator.models.user import User

ASSIGNMENT_ROLES = ("annotator", "reviewer")
PRIORITIES = ("low", "normal", "high", "urgent")  # lowest first


class Assignment(db.Model):
    """One person's part in an article: annotate it or review it, due by a date.

    user_id is null for a person named by an imported document: the name is kept for the
    record and never becomes work of a local account that happens to share it.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        Index("ix_assignments_article_id", "article_id"),
        Index("ix_assignments_user_id_role", "user_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[Optional[date]]
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    assigned_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[Optional[User]] = relationship(foreign_keys=[user_id], lazy="raise")
