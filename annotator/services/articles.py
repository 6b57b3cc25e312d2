"""Articles: import, read and list."""
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from annotator import permissions
from annotator.extensions import db
from annotator.limits import article_max_chars
from annotator.models import Article, Claim, Revision, Source
from annotator.services.errors import InvalidInput, Locked, NotFound
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found
from annotator.text.decoding import decode_upload
from annotator.text.kind import looks_like
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text

FORMATS = {"text": normalize_text, "markdown": markdown_to_text, "html": html_to_text}
METADATA_FIELDS = ("title", "byline", "outlet", "url", "published_on", "language")
NOT_TEXT = ("This file is not text: it looks like a program, a picture or a Word or PDF document. "
            "Save the article as plain text (.txt) and upload that, or paste its text.")
NOT_AN_ARTICLE = {
    "program": "This looks like a program, not an article. Paste or upload the story's own text.",
    "json": ("This looks like data (JSON), not an article. Paste the story's own text; an export "
             "of annotated articles is loaded by an administrator on “Import annotated articles”."),
}


def canonical_text(raw, source_format="text"):
    """Return raw article copy in canonical form, reduced to text if it is HTML or Markdown."""
    return FORMATS[source_format](raw)


def checked_text(raw, source_format="text"):
    """Return raw copy in canonical form; raise InvalidInput when it is empty or too long."""
    canonical = canonical_text(raw, source_format)
    if not canonical:
        raise InvalidInput("The article has no text.", {"text": ["The article has no text."]})
    if (kind := looks_like(canonical)) != "article":
        raise InvalidInput(NOT_AN_ARTICLE[kind], {"text": [NOT_AN_ARTICLE[kind]]})
    if len(canonical) > (max_chars := article_max_chars()):
        message = f"The article is {len(canonical):,} characters long; the limit is {max_chars:,}."
        raise InvalidInput(message, {"text": [message]})
    return canonical


def import_article(actor, text, source_format="text", **metadata):
    """Create an article and its first revision from raw copy and its metadata."""
    permissions.check(actor, "article.import")
    canonical = checked_text(text, source_format)
    article = Article(text=canonical, created_by_id=actor.id,
                      **{k: v for k, v in metadata.items() if k in METADATA_FIELDS})
    db.session.add(article)
    db.session.flush()
    db.session.add(Revision(article_id=article.id, number=1, text=canonical, created_by_id=actor.id,
                            note="Imported"))
    record_event(actor, "article", "create", article_id=article.id, entity_id=article.id,
                 new={"title": article.title, "characters": len(canonical)})
    return article


def get_article(article_id):
    """Return the article or raise NotFound."""
    return get_or_not_found(Article, article_id, "No such article.")


def get_article_with_claims(article_id):
    """Return the article with its claims and their sources, in the same few queries whatever the count."""
    article, sources = get_article_claims_and_sources(article_id)
    for claim in article.claims:
        set_committed_value(claim, "sources", sources.get(claim.id, []))
    return article


def get_article_claims_and_sources(article_id):
    """Return (article with its claims and creator loaded, {claim id: its sources in order}) in two queries.

    The sources come in one query for the whole article, not an IN list of claim ids that
    grows (and splits into batches) with the claims; `claim.sources` stays unloaded.
    """
    article = db.session.scalar(
        select(Article).where(Article.id == article_id)
        .options(selectinload(Article.claims), joinedload(Article.created_by))
    )
    if article is None:
        raise NotFound("No such article.")
    sources = db.session.scalars(
        select(Source).join(Claim).where(Claim.article_id == article_id)
        .order_by(Source.claim_id, Source.position, Source.id)
    )
    by_claim = {}
    for source in sources:
        by_claim.setdefault(source.claim_id, []).append(source)
    return article, by_claim


def ensure_unlocked(article):
    """Refuse any change to a signed-off article.

    Reads the state again under a shared row lock (FOR SHARE on PostgreSQL; SQLite's
    BEGIN IMMEDIATE already serialises writers) so that a change and a concurrent sign-off,
    which takes FOR UPDATE, happen one after the other, never interleaved.
    """
    state = db.session.scalar(select(Article.state).where(Article.id == article.id).with_for_update(read=True))
    if article.is_locked or state == "signed_off":
        raise Locked(permissions.LOCKED)


def claim_counts():
    """Select per article id: claims (neither suggested nor dismissed), rated, suggested, approved, sent back."""
    counted = ~Claim.is_dismissed
    return select(
        Claim.article_id,
        func.count(case((counted & ~Claim.is_suggested, 1))).label("claims"),
        func.count(case((counted & Claim.verdict_key.is_not(None)
                         & ~Claim.is_suggested, 1))).label("rated"),
        func.count(case((Claim.is_suggested, 1))).label("suggested"),
        func.count(case((Claim.is_approved, 1))).label("approved"),
        func.count(case((Claim.is_sent_back, 1))).label("sent_back"),
    ).group_by(Claim.article_id)


def read_upload(filename, data):
    """Return (text, format) of an uploaded .txt, .md or .html file in UTF-8 or a legacy encoding
    (Windows-1252, Latin-1, ...); refuse a file that is not text."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
    source_format = {"md": "markdown", "html": "html", "htm": "html"}.get(suffix, "text")
    text = decode_upload(data)
    if text is None:
        raise InvalidInput(NOT_TEXT, {"file": [NOT_TEXT]})
    return text, source_format
