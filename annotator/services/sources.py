"""Sources behind a claim's verdict: add, change and remove, each recorded in the history.

A source belongs to its claim: every change to a source moves the claim's version on, so
whoever edits the claim from an older copy is told (409) rather than overwriting it.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from annotator import permissions
from annotator.extensions import db
from annotator.models import SOURCE_RELATIONS, Source, utcnow
from annotator.models.types import iso_time
from annotator.services.articles import ensure_unlocked, get_article
from annotator.services.claims import CHANGED
from annotator.services.errors import InvalidInput
from annotator.services.history import record_changes, record_event
from annotator.services.review import flush_or_conflict, note_content_change
from annotator.services.lookup import check_version, get_claim, get_or_not_found

SOURCE_FIELDS = ("url", "title", "publisher", "published_on", "passage", "relation", "archive_url")
STALE_MESSAGE = "Someone else changed this claim at the same moment. Reload it and try again."


def get_source(source_id):
    """Return the source or raise NotFound."""
    return get_or_not_found(Source, source_id, "No such source.")


def _fields(data):
    """Keep the source fields of data, checked; refuse a source without an address."""
    fields = {k: v for k, v in data.items() if k in SOURCE_FIELDS}
    if "url" in fields and not (fields["url"] or "").strip():
        raise InvalidInput("A source needs its address (URL).", {"url": ["Give the source's address."]})
    if fields.get("relation") is not None and fields["relation"] not in SOURCE_RELATIONS:
        raise InvalidInput("Choose supports, refutes or context.", {"relation": ["Unknown relation."]})
    return {k: ("" if v is None and k != "published_on" else v) for k, v in fields.items()}


def _plain(fields):
    return {k: iso_time(v) for k, v in fields.items()}


def _touch(actor, claim):
    """Record that claim changed through one of its sources; its version moves on at flush."""
    claim.updated_by_id = actor.id
    claim.updated_at = utcnow()
    note_content_change(actor, claim)
    flush_or_conflict(STALE_MESSAGE)
    db.session.expire(claim, ["sources"])  # the next load of the claim reads its sources as they are now


def _find_by_key(claim, key):
    return db.session.scalar(select(Source).where(Source.claim_id == claim.id, Source.idempotency_key == key))


def add_source(actor, claim_id, data, idempotency_key=None):
    """Add a source to the claim; a repeated idempotency key returns the first one.

    Returns (source, created).
    """
    permissions.check(actor, "source.edit")
    claim = get_claim(claim_id)
    ensure_unlocked(get_article(claim.article_id))
    if idempotency_key and (existing := _find_by_key(claim, idempotency_key)):
        return existing, False
    fields = _fields({"url": "", **data})
    position = max((s.position for s in claim.sources), default=-1) + 1
    source = Source(claim_id=claim.id, position=position, idempotency_key=idempotency_key, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(source)
    except IntegrityError:
        # Two retries raced; the first one won and holds the key.
        return _find_by_key(claim, idempotency_key), False
    record_event(actor, "source", "create", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=source.id, new=_plain(fields))
    _touch(actor, claim)
    return source, True


def _load(source_id, expected_version):
    """Return (source, claim) for a change: the claim at the version the change was made against,
    its article not signed off."""
    source = get_source(source_id)
    claim = get_claim(source.claim_id)
    ensure_unlocked(get_article(claim.article_id))
    check_version(claim, expected_version, CHANGED)
    return source, claim


def update_source(actor, source_id, expected_version, data):
    """Change the fields of the source given in data, one history event per changed field."""
    permissions.check(actor, "source.edit")
    source, claim = _load(source_id, expected_version)
    changed = record_changes(actor, "source", source, _fields(data),
                             article_id=claim.article_id, claim_id=claim.id)
    if changed:
        _touch(actor, claim)
    return source


def remove_source(actor, source_id, expected_version):
    """Remove the source from its claim and return it; the history keeps what it said."""
    permissions.check(actor, "source.edit")
    source, claim = _load(source_id, expected_version)
    old = _plain({k: getattr(source, k) for k in SOURCE_FIELDS})
    record_event(actor, "source", "delete", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=source.id, old=old)
    db.session.delete(source)
    _touch(actor, claim)
    return source
