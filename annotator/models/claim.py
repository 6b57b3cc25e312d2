"""Claims, the spans of an article being checked, and the sources behind verdicts."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.article import Article
from annotator.models.types import UTCDateTime, utcnow
from annotator.models.user import User

REVIEW_STATES = ("suggested", "open", "submitted", "approved", "changes_requested", "dismissed")
# Work in progress of the detector, not claims a person made or accepted.
NOT_LIVE_STATES = ("suggested", "dismissed")
ORIGINS = ("detector", "manual")
ANCHOR_STATES = ("anchored", "orphaned")
SOURCE_RELATIONS = ("supports", "refutes", "context")
CONTEXT_CHARS = 32


def _in_state(state):
    """Return a predicate that works on a claim and, as SQL, in a query."""
    return hybrid_property(lambda claim: claim.review_state == state)


class Claim(db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_article_id_start_end_id", "article_id", "start", "end", "id"),  # reading order
        Index("ix_claims_review_state", "review_state"),  # My work finds the claims sent back
        UniqueConstraint("article_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Code-point offsets into the article's canonical text, end exclusive.
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(CONTEXT_CHARS * 2), default="")
    suffix: Mapped[str] = mapped_column(String(CONTEXT_CHARS * 2), default="")
    claimant: Mapped[str] = mapped_column(String(300), default="")
    # The record the claimant text was matched to (services/claimants.link); the text stays.
    claimant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claimants.id"), index=True)
    verdict_key: Mapped[Optional[str]] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="manual")
    score: Mapped[Optional[float]]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    review_state: Mapped[str] = mapped_column(String(24), default="open")
    reviewer_comment: Mapped[str] = mapped_column(Text, default="")
    anchor_state: Mapped[str] = mapped_column(String(16), default="anchored")
    anchor_method: Mapped[str] = mapped_column(String(24), default="")
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(80))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    article: Mapped[Article] = relationship(back_populates="claims", lazy="raise")
    created_by: Mapped[Optional[User]] = relationship(foreign_keys=[created_by_id], lazy="raise")
    updated_by: Mapped[Optional[User]] = relationship(foreign_keys=[updated_by_id], lazy="raise")
    sources: Mapped[list["Source"]] = relationship(
        back_populates="claim", lazy="raise", order_by="Source.position, Source.id",
        cascade="all, delete-orphan", passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    # The review states by name, on a claim (claim.is_approved) and in a query (Claim.is_approved).
    is_suggested = _in_state("suggested")
    is_open = _in_state("open")
    is_submitted = _in_state("submitted")
    is_approved = _in_state("approved")
    is_sent_back = _in_state("changes_requested")
    is_dismissed = _in_state("dismissed")

    @hybrid_property
    def is_live(self):
        """Tell whether a person made or accepted the claim (neither suggested nor dismissed)."""
        return self.review_state not in NOT_LIVE_STATES

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls):
        return cls.review_state.not_in(NOT_LIVE_STATES)


class Source(db.Model):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("claim_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    published_on: Mapped[Optional[date]]
    passage: Mapped[str] = mapped_column(Text, default="")
    relation: Mapped[str] = mapped_column(String(16), default="supports")
    archive_url: Mapped[str] = mapped_column(String(2000), default="")
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="sources", lazy="raise")
