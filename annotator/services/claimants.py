"""Claimant records: create, change and merge them, and link claims to them by name.

A claim keeps the claimant text typed or detected; claimant_id links it to the record its text
names (text/claimant_names), set whenever the text is saved, and by `flask claimants link` for
claims saved before a record existed. A merged record stays, pointing at the one kept.
"""
import re

from sqlalchemy import bindparam, delete, select, update

from annotator import permissions
from annotator.extensions import db
from annotator.limits import CLAIMANT_ALIASES
from annotator.models import Claim, Claimant, ClaimantKey, utcnow
from annotator.models.claimant import CLAIMANT_KINDS, DESCRIPTION_CHARS, NAME_CHARS
from annotator.services.errors import Conflict, InvalidInput, NotFound
from annotator.services.history import record_changes, record_event
from annotator.services.lookup import check_version
from annotator.text.claimant_names import Key, choose, lookup_keys, name_key, record_keys

WIKIDATA_ID = re.compile(r"Q[1-9][0-9]{0,18}")
CHANGED = "Someone else changed this claimant since you opened it."
FIELDS = ("name", "aliases", "description", "kind", "wikidata_id")


def _invalid(field, message):
    return InvalidInput(message, {field: [message]})


def clean_wikidata_id(value):
    """Return a Q-number ("Q42") or None for a blank one; refuse anything else."""
    value = (value or "").strip().upper()
    if not value:
        return None
    if not WIKIDATA_ID.fullmatch(value):
        raise _invalid("wikidata_id", "A Wikidata id is Q and a number, like Q42 (from the item's address).")
    return value


def clean_fields(fields):
    """Return the record's fields stripped and checked (only those given), or raise InvalidInput."""
    clean = {}
    if "name" in fields:
        clean["name"] = (fields["name"] or "").strip()
        if not name_key(clean["name"]):
            raise _invalid("name", "Give the claimant's name.")
        if len(clean["name"]) > NAME_CHARS:
            raise _invalid("name", f"A name has at most {NAME_CHARS} characters.")
    if "aliases" in fields:
        clean["aliases"] = _clean_aliases(fields["aliases"] or [])
    if "description" in fields:
        clean["description"] = (fields["description"] or "").strip()
        if len(clean["description"]) > DESCRIPTION_CHARS:
            raise _invalid("description", f"A description has at most {DESCRIPTION_CHARS} characters.")
    if "kind" in fields:
        clean["kind"] = fields["kind"] or "person"
        if clean["kind"] not in CLAIMANT_KINDS:
            raise _invalid("kind", "A claimant is a person or an organization.")
    if "wikidata_id" in fields:
        clean["wikidata_id"] = clean_wikidata_id(fields["wikidata_id"])
    return clean


def _clean_aliases(aliases):
    found, seen = [], set()
    for alias in (a.strip() for a in aliases):
        key = name_key(alias)
        if len(alias) > NAME_CHARS:
            raise _invalid("aliases", f"An alias has at most {NAME_CHARS} characters.")
        if key and key not in seen:
            seen.add(key)
            found.append(alias)
    if len(found) > CLAIMANT_ALIASES:
        raise _invalid("aliases", f"A claimant has at most {CLAIMANT_ALIASES} aliases.")
    return found


def _refuse_taken_wikidata_id(wikidata_id, claimant_id=None):
    if wikidata_id is None:
        return
    other = db.session.scalar(select(Claimant).where(
        Claimant.wikidata_id == wikidata_id, Claimant.merged_into_id.is_(None), Claimant.id != (claimant_id or 0)))
    if other is not None:
        raise Conflict(f"{wikidata_id} is already the Wikidata id of {other.name}.", {"wikidata_id": ["Already used."]})


def write_keys(claimant):
    """Replace the keys the record is found under with those of its name and aliases now."""
    db.session.execute(delete(ClaimantKey).where(ClaimantKey.claimant_id == claimant.id))
    if claimant.merged_into_id is None:
        db.session.add_all(ClaimantKey(**k._asdict()) for k in record_keys(claimant.id, claimant.name, claimant.aliases))


def get_claimant(claimant_id):
    """Return the record (merged ones too: the caller sends readers on) or raise NotFound."""
    claimant = db.session.get(Claimant, claimant_id)
    if claimant is None:
        raise NotFound("No such claimant.")
    return claimant


def create_claimant(actor, name, aliases=(), description="", wikidata_id=None, kind="person"):
    """Create a claimant record; the claims that name it link to it as they are saved."""
    permissions.check(actor, "claimant.create")
    fields = clean_fields({"name": name, "aliases": list(aliases), "description": description,
                           "wikidata_id": wikidata_id, "kind": kind})
    _refuse_taken_wikidata_id(fields["wikidata_id"])
    claimant = Claimant(**fields, created_by_id=actor.id if actor else None)
    db.session.add(claimant)
    db.session.flush()
    write_keys(claimant)
    record_event(actor, "claimant", "create", entity_id=claimant.id, new=fields)
    return claimant


def update_claimant(actor, claimant_id, expected_version, changes):
    """Change the record's fields (one history event each) at the version it was opened at."""
    permissions.check(actor, "claimant.edit")
    claimant = get_claimant(claimant_id)
    if claimant.merged_into_id is not None:
        raise Conflict("This claimant was merged into another; change that one.")
    check_version(claimant, expected_version, CHANGED)
    fields = clean_fields({k: v for k, v in changes.items() if k in FIELDS})
    if "wikidata_id" in fields:
        _refuse_taken_wikidata_id(fields["wikidata_id"], claimant.id)
    if record_changes(actor, "claimant", claimant, fields):
        claimant.updated_at = utcnow()
        db.session.flush()
        write_keys(claimant)
    return claimant


def merge_claimants(actor, duplicate_id, kept_id, expected_version):
    """Merge the duplicate into the kept record: its claims move, its names become aliases, and
    its address sends readers to the kept one. expected_version: the duplicate's."""
    permissions.check(actor, "claimant.merge")
    if duplicate_id == kept_id:
        raise _invalid("into", "Choose another claimant to merge into: a claimant cannot be merged into itself.")
    duplicate, kept = get_claimant(duplicate_id), get_claimant(kept_id)
    if duplicate.merged_into_id is not None or kept.merged_into_id is not None:
        raise Conflict("One of these claimants was already merged; reload the page.")
    check_version(duplicate, expected_version, CHANGED)
    aliases = _clean_aliases([*kept.aliases, duplicate.name, *duplicate.aliases])[:CLAIMANT_ALIASES]
    aliases = [a for a in aliases if name_key(a) != name_key(kept.name)]
    record_changes(actor, "claimant", kept, {"aliases": aliases, "wikidata_id": kept.wikidata_id or duplicate.wikidata_id})
    moved = db.session.execute(select(Claim.id, Claim.article_id).where(Claim.claimant_id == duplicate.id)).all()
    db.session.execute(update(Claim).where(Claim.claimant_id == duplicate.id).values(claimant_id=kept.id)
                       .execution_options(synchronize_session=False))
    was, now = {"id": duplicate.id, "label": duplicate.name}, {"id": kept.id, "label": kept.name}
    for claim_id, article_id in moved:  # "relink": bookkeeping, not work on the claim (four eyes)
        record_event(actor, "claim", "relink", article_id=article_id, claim_id=claim_id, entity_id=claim_id,
                     field="claimant_record", old=was, new=now)
    duplicate.merged_into_id, duplicate.wikidata_id = kept.id, None
    duplicate.updated_at = kept.updated_at = utcnow()
    record_event(actor, "claimant", "merge", entity_id=duplicate.id, old={"name": duplicate.name},
                 new={"into": kept.id, "claims": len(moved)})
    db.session.flush()
    write_keys(duplicate)
    write_keys(kept)
    return kept


# --- linking claims --------------------------------------------------------------------------

def match_many(texts):
    """Return {text: claimant id or None} for claimant texts, with one query for all of them."""
    texts = {t for t in texts if t}
    wanted = {key for t in texts for key in lookup_keys(t) if key}
    if not wanted:
        return dict.fromkeys(texts)
    with db.session.no_autoflush:  # a claim being saved is flushed once, with its link, not before
        found = [Key(*row) for row in db.session.execute(
            select(ClaimantKey.claimant_id, ClaimantKey.key, ClaimantKey.kind).where(ClaimantKey.key.in_(wanted)))]
    by_key = {}
    for key in found:
        by_key.setdefault(key.key, []).append(key)
    return {t: choose(t, [k for key in lookup_keys(t) if key for k in by_key.get(key, ())]) for t in texts}


def link(claims):
    """Point each claim at the record its claimant text names (None when none or several do)."""
    matches = match_many(c.claimant for c in claims)
    for claim in claims:
        claimant_id = matches.get(claim.claimant)
        if claim.claimant_id != claimant_id:
            claim.claimant_id = claimant_id


def link_unlinked(batch=1_000):
    """Link every unlinked claim whose claimant text names a record; return how many were linked."""
    linked, last_id = 0, 0
    while rows := db.session.execute(
            select(Claim.id, Claim.claimant).where(Claim.id > last_id, Claim.claimant_id.is_(None), Claim.claimant != "")
            .order_by(Claim.id).limit(batch)).all():
        matches = match_many(text for _, text in rows)
        found = [{"row": claim_id, "to": matches[text]} for claim_id, text in rows if matches.get(text) is not None]
        if found:  # one executemany for the batch
            db.session.connection().execute(
                update(Claim.__table__).where(Claim.__table__.c.id == bindparam("row"))
                .values(claimant_id=bindparam("to")), found)
        linked += len(found)
        last_id = rows[-1][0]
    return linked


def find_or_create(actor, record):
    """Return the id of the local record an imported claimant_record names: the one with its
    Wikidata id, else the one with its name, else a new one made from it."""
    wikidata_id = clean_wikidata_id(record.get("wikidata_id"))
    if wikidata_id is not None:
        found = db.session.scalar(select(Claimant.id).where(
            Claimant.wikidata_id == wikidata_id, Claimant.merged_into_id.is_(None)))
        if found is not None:
            return found
    named = db.session.scalars(select(ClaimantKey.claimant_id).where(
        ClaimantKey.key == name_key(record["name"]), ClaimantKey.kind == "name")).all()
    if len(named) == 1:
        return named[0]
    return create_claimant(actor, record["name"], record.get("aliases", []), record.get("description", ""),
                           wikidata_id, record.get("kind", "person")).id
