"""Articles: import, read and list."""
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from annotator import permissions
from annotator.extensions import db
from annotator.models import Article, Claim, Revision, Source
from annotator.services.errors import InvalidInput, Locked, NotFound
from annotator.services.history import record_event
from annotator.services.lookup import get_or_not_found
from annotator.text.normalize import html_to_text, markdown_to_text, normalize_text

FORMATS = {"text": normalize_text, "markdown": markdown_to_text, "html": html_to_text}
METADATA_FIELDS = ("title", "byline", "outlet", "url", "published_on", "language")


def canonical_text(raw, source_format="text"):
    """Return raw article copy in canonical form, reduced to text if it is HTML or Markdown."""
    return FORMATS[source_format](raw)


def checked_text(raw, source_format="text", max_chars=400_000):
    """Return raw copy in canonical form; raise InvalidInput when it is empty or too long."""
    canonical = canonical_text(raw, source_format)
    if not canonical:
        raise InvalidInput("The article has no text.", {"text": ["The article has no text."]})
    if len(canonical) > max_chars:
        message = f"The article is {len(canonical):,} characters long; the limit is {max_chars:,}."
        raise InvalidInput(message, {"text": [message]})
    return canonical


def import_article(actor, text, source_format="text", max_chars=400_000, **metadata):
    """Create an article and its first revision from raw copy and its metadata."""
    permissions.check(actor, "article.import")
    canonical = checked_text(text, source_format, max_chars)
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
    """Select per article id: claims (neither suggested nor dismissed), rated, suggested, approved."""
    counted = Claim.review_state != "dismissed"
    return select(
        Claim.article_id,
        func.count(case((counted & (Claim.review_state != "suggested"), 1))).label("claims"),
        func.count(case((counted & Claim.verdict_key.is_not(None)
                         & (Claim.review_state != "suggested"), 1))).label("rated"),
        func.count(case((Claim.review_state == "suggested", 1))).label("suggested"),
        func.count(case((Claim.review_state == "approved", 1))).label("approved"),
    ).group_by(Claim.article_id)


def list_articles():
    """Return (article, counts) rows, newest first; counts are claims, rated and undecided."""
    counts = claim_counts().subquery()
    rows = db.session.execute(
        select(Article, counts.c.claims, counts.c.rated, counts.c.suggested, counts.c.approved)
        .outerjoin(counts, counts.c.article_id == Article.id)
        .order_by(Article.created_at.desc(), Article.id.desc())
    ).all()
    return [(a, {"claims": c or 0, "rated": r or 0, "suggested": s or 0, "approved": ap or 0})
            for a, c, r, s, ap in rows]


def read_upload(filename, data):
    """Return (text, format) of an uploaded .txt, .md or .html file; refuse non-UTF-8."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
    source_format = {"md": "markdown", "html": "html", "htm": "html"}.get(suffix, "text")
    try:
        return data.decode("utf-8-sig"), source_format
    except UnicodeDecodeError as error:
        message = f"The file is not UTF-8 text (bad byte at position {error.start}). Save it as UTF-8 and try again."
        raise InvalidInput(message, {"file": [message]}) from None
