"""The reference library: other fact-checkers' ClaimReview data an admin imports from a file.

A file is all or nothing: one malformed record and nothing is written, and the admin reads every
record's problem. A review already in the library (same url) is skipped, so importing a feed again
adds only what is new. Reference reviews are read-only: no service edits them, and no export reads
their table, so they never leave as this newsroom's work.
"""
from sqlalchemy import func, select

from annotator import limits, permissions
from annotator.extensions import db
from annotator.models import ReferenceReview
from annotator.services.errors import InvalidInput
from annotator.services.history import record_event
from annotator.text import matching
from annotator.text.claimreview_reader import FileError, read_reviews

EMBED_BATCH = 256


def import_references(actor, data: bytes, filename: str = "") -> dict:
    """Add a file's reviews to the library; return {"added": n, "skipped": n}."""
    permissions.check(actor, "reference.import")
    if len(data) > limits.REFERENCE_FILE_BYTES:
        raise InvalidInput(f"The file is {len(data) / 2**20:.0f} MB; the limit is "
                           f"{limits.REFERENCE_FILE_BYTES // 2**20} MB. Split it and import the parts.")
    try:
        reviews, errors = read_reviews(data, filename)
    except FileError as error:
        raise InvalidInput(str(error)) from None
    if errors:
        raise InvalidInput("Nothing was imported: fix these records and import the file again.",
                           fields={"records": errors})
    if len(reviews) > limits.REFERENCE_FILE_RECORDS:
        raise InvalidInput(f"The file has {len(reviews):,} reviews; the limit is "
                           f"{limits.REFERENCE_FILE_RECORDS:,} a file. Split it and import the parts.")
    fresh = _new_reviews(reviews)
    for start in range(0, len(fresh), EMBED_BATCH):
        batch = fresh[start:start + EMBED_BATCH]
        vectors = matching.embed([review.claim_text for review in batch])
        db.session.add_all(ReferenceReview(**review.__dict__, imported_by_id=actor.id, model=matching.MODEL_ID,
                                           vector=matching.to_blob(vector)) for review, vector in zip(batch, vectors))
    db.session.flush()
    record_event(actor, "reference", "import", field="file", new=f"{filename or 'upload'}: {len(fresh)} added")
    return {"added": len(fresh), "skipped": len(reviews) - len(fresh)}


def _new_reviews(reviews):
    """Return the reviews whose url is neither in the library nor earlier in the file."""
    urls = {review.url for review in reviews}
    known = set()
    listed = list(urls)
    for start in range(0, len(listed), 500):
        known.update(db.session.scalars(select(ReferenceReview.url).where(ReferenceReview.url.in_(listed[start:start + 500]))))
    fresh, seen = [], set()
    for review in reviews:
        if review.url not in known and review.url not in seen:
            seen.add(review.url)
            fresh.append(review)
    return fresh


def count_references() -> int:
    """Return how many reviews the library holds."""
    return db.session.scalar(select(func.count()).select_from(ReferenceReview))
