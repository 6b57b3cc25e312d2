"""Presence: who has an article open now, and on which claim; one row a person and article."""
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow


class Presence(db.Model):
    """A heartbeat: user_id had article_id open at seen_at, on claim_id (None: no claim open).

    Rows are kept in the database, not in a process's memory, so every app process sees them.
    """

    __tablename__ = "presence"
    __table_args__ = (Index("ix_presence_article_id_seen_at", "article_id", "seen_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # No foreign key to articles: a heartbeat must never hold up deleting one.
    article_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    claim_id: Mapped[Optional[int]]
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
