"""Checked before: embeddings of the newsroom's approved, rated claims; the reference library."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String, Text
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


class ClaimVector(db.Model):
    """Any claim's quote as a float16 vector, written by the worker (annotator/worker.py) soon after
    the claim is made or its quote changes: what a claim is matched with, and what approving it
    copies into claim_embeddings without computing anything. quote says which words it encodes."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(40))
    quote: Mapped[str] = mapped_column(Text)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ReferenceReview(db.Model):
    """Another fact-checker's ClaimReview, imported by an admin: read-only, shown in "Checked
    before" with its publisher, never exported as this newsroom's work."""

    __tablename__ = "reference_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    claim_text: Mapped[str] = mapped_column(Text)
    rating: Mapped[str] = mapped_column(String(120))
    publisher: Mapped[str] = mapped_column(String(300), default="")
    claimant: Mapped[str] = mapped_column(String(300), default="")
    reviewed_on: Mapped[Optional[date]]
    imported_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    model: Mapped[str] = mapped_column(String(40))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class MatchDismissal(db.Model):
    """"Not the same claim": a match someone dismissed for one claim, never shown for it again."""

    __tablename__ = "match_dismissals"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # "claim" or "reference"
    match_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    dismissed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
