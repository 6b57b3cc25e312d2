"""The small tables every export refers to: people, claimants and the verdict scale (as signed off)."""
from collections import namedtuple
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claimant, User, Verdict


@dataclass
class Lookup:
    """The small tables every export refers to: people and the verdict scale.

    user() and verdict() return new dicts, so a caller may change a document; the `shared()`
    lookup returns one dict per person and per verdict, for documents serialised at once.
    """

    users: dict
    verdicts: dict
    claimants: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        users = {u.id: u for u in db.session.execute(select(User.id, User.username, User.display_name))}
        verdicts = {v.key: v for v in db.session.execute(select(Verdict.key, Verdict.label, Verdict.rating))}
        claimants = {c.id: c for c in db.session.execute(
            select(Claimant.id, Claimant.name, Claimant.aliases, Claimant.description, Claimant.kind,
                   Claimant.wikidata_id).where(Claimant.merged_into_id.is_(None)))}
        return cls(users, verdicts, claimants)

    def shared(self):
        people = {user_id: self.user(user_id) for user_id in self.users}
        return SharedLookup(self.users, self.verdicts, self.claimants, people=people,
                            scale={key: self.verdict(key) for key in self.verdicts})

    def claimant(self, claimant_id):
        """Return the claimant record a claim links to, as the native format writes it (or None)."""
        row = self.claimants.get(claimant_id)
        if row is None:
            return None
        return {"id": row.id, "name": row.name, "aliases": list(row.aliases or []), "description": row.description,
                "kind": row.kind, "wikidata_id": row.wikidata_id}

    def user(self, user_id):
        row = self.users.get(user_id)
        return None if row is None else {"username": row.username, "display_name": row.display_name}

    def verdict(self, key):
        if key is None:
            return None
        row = self.verdicts.get(key)
        return {"key": key, "label": row.label if row else key, "rating": row.rating if row else None}

    def signed(self, sign_off):
        """Return the lookup for an article under this sign-off (None: not signed off): the verdict
        labels and ratings the sign-off recorded, not the scale as it is now."""
        verdicts = signed_verdicts(sign_off)
        return self if verdicts is None else replace(self, verdicts=verdicts, **self._no_shared_scale())

    def _no_shared_scale(self):
        return {}


SignedVerdict = namedtuple("SignedVerdict", "key label rating")


def signed_verdicts(sign_off):
    """Return {key: SignedVerdict} that a sign-off recorded, or None (none in force, or one made
    before sign-offs recorded their terms)."""
    terms = sign_off.terms if sign_off is not None else None
    if not terms:
        return None
    return {key: SignedVerdict(key, v["label"], v["rating"]) for key, v in terms["verdicts"].items()}


def signed_publisher(sign_off, publisher):
    """Return the ClaimReview publisher a sign-off recorded, else publisher (the configured one)."""
    terms = sign_off.terms if sign_off is not None else None
    return terms["publisher"] if terms and terms.get("publisher") else publisher


@dataclass
class SharedLookup(Lookup):
    """A Lookup that hands out the same dict for a person or a verdict every time."""

    people: dict = field(default_factory=dict)
    scale: dict = field(default_factory=dict)

    def user(self, user_id):
        return self.people.get(user_id)

    def verdict(self, key):
        found = self.scale.get(key)
        return found if found is not None else super().verdict(key)

    def _no_shared_scale(self):
        return {"scale": {}}  # the shared dicts hold today's labels
