"""The history: append-only events, refused UPDATE and DELETE by database triggers."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow
from annotator.models.user import User


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_article_id_id", "article_id", "id"),
        Index("ix_events_claim_id_id", "claim_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # No foreign keys to articles and claims: the history outlives what it describes.
    article_id: Mapped[Optional[int]]
    claim_id: Mapped[Optional[int]]
    entity: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[Optional[int]]
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(40), default="")
    old: Mapped[Optional[Any]] = mapped_column(JSON)
    new: Mapped[Optional[Any]] = mapped_column(JSON)
    # An event copied from an import: it is another instance's record, never the act of a local
    # account (actor_id is None); actor_name keeps the person it names ({"username", "display_name"}).
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())
    actor_name: Mapped[Optional[Any]] = mapped_column(JSON)

    actor: Mapped[Optional[User]] = relationship(lazy="raise")

    @property
    def imported_label(self):
        """Return the name an imported event carries, marked imported (None for a local event)."""
        if not self.imported:
            return None
        name = self.actor_name or {}
        return f"{name.get('display_name') or name.get('username') or 'system'} (imported)"
