"""The verdict scale, data an admin can change."""
from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from annotator.extensions import db

# key, label, ClaimReview ratingValue (worst 1, best 5) or None
DEFAULT_SCALE = (
    ("accurate", "Accurate", 5),
    ("mostly_accurate", "Mostly accurate", 4),
    ("mixed", "Mixed / needs context", 3),
    ("misleading", "Misleading", 2),
    ("false", "False", 1),
    ("unsubstantiated", "Unsubstantiated", None),
    ("not_checkable", "Opinion / not checkable", None),
)


class Verdict(db.Model):
    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    rating: Mapped[Optional[int]]
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
