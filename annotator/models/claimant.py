"""Claimants: the people and organisations who make claims, as records of this newsroom."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from annotator.extensions import db
from annotator.models.types import UTCDateTime, utcnow

NAME_CHARS = 300  # as wide as a claim's free-text claimant
DESCRIPTION_CHARS = 300
WIKIDATA_CHARS = 20
KEY_KINDS = ("name", "alias", "surname")
WIKIDATA_ITEM = "https://www.wikidata.org/wiki/"  # + the Q-number: the item's IRI
CLAIMANT_KINDS = ("person", "organization")  # schema.org's Person and Organization


class Claimant(db.Model):
    __tablename__ = "claimants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_CHARS))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(String(DESCRIPTION_CHARS), default="")
    kind: Mapped[str] = mapped_column(String(12), default="person")
    # A Q-number the user typed ("Q42"); nothing is fetched from Wikidata.
    wikidata_id: Mapped[Optional[str]] = mapped_column(String(WIKIDATA_CHARS), index=True)
    # A record merged into another stays, so its address can send readers to the one kept.
    merged_into_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claimants.id"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def wikidata_iri(self):
        return WIKIDATA_ITEM + self.wikidata_id if self.wikidata_id else None


class ClaimantKey(db.Model):
    """One folded name under which a claimant is found (text/claimant_names.record_keys): its
    name, each alias, and the surname of each; matching a typed name is one indexed lookup."""

    __tablename__ = "claimant_keys"
    __table_args__ = (Index("ix_claimant_keys_key", "key"),)

    claimant_id: Mapped[int] = mapped_column(ForeignKey("claimants.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(NAME_CHARS), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
