"""Detector heads a newsroom trained on its own decisions, adopted or not."""
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow


class DetectorHead(db.Model):
    """A linear head over the shipped encoder's embeddings, with the test that judged it."""

    __tablename__ = "detector_heads"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # The sha256 of the encoder it was trained on: a head is meaningless with another encoder.
    encoder_sha256: Mapped[str] = mapped_column(db.String(64))
    weights: Mapped[list] = mapped_column(JSON)
    bias: Mapped[float]
    trained_on: Mapped[int]
    held_out: Mapped[int]
    # {"candidate": {...}, "current": {...}}: average precision, precision and recall on held-out
    metrics: Mapped[Any] = mapped_column(JSON)
    adopted: Mapped[bool] = mapped_column(default=False)
