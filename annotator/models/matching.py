"""Embeddings of the newsroom's approved and rated claims, for "Checked before"."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow


class ClaimEmbedding(db.Model):
    """One approved, rated claim's quote as a float16 vector (768 bytes); the row goes when the
    claim leaves "approved", so the table is exactly what matching may show."""

    __tablename__ = "claim_embeddings"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(40))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
