"""Idempotency keys: a retried create returns what the first one made, and nothing else does.

A client's key is scoped to the user who sends it and bound to the request it first came with
(method, path and body): another user's same key is another key, and the same key with another
body is refused (422) instead of answering with the first request's result. The services that
create (claims, sources) store the scoped key and find the first result by it.
"""
import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from annotator.extensions import db
from annotator.models import IdempotentRequest
from annotator.services.errors import InvalidInput

OTHER_REQUEST = ("This Idempotency-Key was already used for a different request; "
                 "send a new key for a new request.")


def fingerprint(method, path, body):
    """Return the SHA-256 (hex) of a request: its method, path and body (canonical bytes)."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode("utf-8", "surrogatepass"), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def scoped_key(user, key):
    """Return the key as stored: the user's own, so no two users' keys ever meet."""
    return hashlib.sha256(f"{user.id}\n{key}".encode()).hexdigest()


def bind_key(user, key, request_fingerprint):
    """Return the scoped key of user's key, binding it to this request on first use; raise
    InvalidInput when the key was bound to a different request."""
    bound = _find(user, key)
    if bound is None:
        record = IdempotentRequest(user_id=user.id, key=key, fingerprint=request_fingerprint,
                                   status=0, body="")  # the answer is rebuilt from what was created
        try:
            with db.session.begin_nested():
                db.session.add(record)
            return scoped_key(user, key)
        except IntegrityError:
            bound = _find(user, key)  # a retry raced us and bound the key first
    if bound.fingerprint != request_fingerprint:
        raise InvalidInput(OTHER_REQUEST, {"Idempotency-Key": [OTHER_REQUEST]})
    return scoped_key(user, key)


def _find(user, key):
    return db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.user_id == user.id,
                                                             IdempotentRequest.key == key))
