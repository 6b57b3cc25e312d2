"""Articles, their revisions and their sign-offs."""
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow
from annotator.models.user import User

ARTICLE_STATES = ("annotating", "in_review", "signed_off")


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    byline: Mapped[str] = mapped_column(String(300), default="")
    outlet: Mapped[str] = mapped_column(String(200), default="", index=True)  # the list filters by it
    url: Mapped[str] = mapped_column(String(2000), default="")
    published_on: Mapped[Optional[date]]
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Canonical text: NFC, "\n" line ends, paragraphs split by a blank line.
    text: Mapped[str] = mapped_column(Text)
    revision_number: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(16), default="annotating", index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Indexed: the article list sorts by them and reads one page (ORDER BY ... LIMIT).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)
    version: Mapped[int] = mapped_column(default=1)
    # The earliest due date and the highest priority rank of its assignments (-1: nobody is
    # assigned), written by services/assignments so the list sorts and filters on an index.
    due_on: Mapped[Optional[date]] = mapped_column(index=True)
    priority_rank: Mapped[int] = mapped_column(default=-1, server_default=sql_text("-1"), index=True)

    created_by: Mapped[User] = relationship(lazy="raise")
    claims: Mapped[list["Claim"]] = relationship(  # noqa: F821
        back_populates="article", lazy="raise", passive_deletes=True,
        order_by="(Claim.start, Claim.end, Claim.id)",
    )
    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="article", lazy="raise", passive_deletes=True, order_by="Revision.number"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_locked(self):
        return self.state == "signed_off"


class Revision(db.Model):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="revisions", lazy="raise")
    created_by: Mapped[User] = relationship(lazy="raise")


class SignOff(db.Model):
    __tablename__ = "sign_offs"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    # None for an imported sign-off: it names its reviewer (reviewer_name), never a local account.
    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))
    self_review: Mapped[bool] = mapped_column(default=False)
    reopened_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str] = mapped_column(String(2000), default="")
    # What the sign-off covered besides the content: {"verdicts": {key: {"label", "rating"}},
    # "publisher": {"name", "url"}}; exports of the article read it, the hash covers it.
    # None for sign-offs made before it was recorded (their hash covers the content only).
    terms: Mapped[Optional[Any]] = mapped_column(JSON)
    imported: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The people an imported sign-off names, as the document gave them ({"username", "display_name"}).
    reviewer_name: Mapped[Optional[Any]] = mapped_column(JSON)
    reopened_by_name: Mapped[Optional[Any]] = mapped_column(JSON)

    reviewer: Mapped[Optional[User]] = relationship(foreign_keys=[reviewer_id], lazy="raise")

    @property
    def reviewer_label(self):
        """Return who signed off, as a page shows it; an imported name says it was imported."""
        if self.imported:
            name = self.reviewer_name or {}
            return f"{name.get('display_name') or name.get('username') or 'someone'} (imported)"
        return self.reviewer.display_name if self.reviewer is not None else ""
