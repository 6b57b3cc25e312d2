"""The discussion in the native format: written by exports.native_document, read back by
imports.write.write. Imported comments keep their authors' names, as the history does: another
instance's people are a record here, never local accounts."""
from datetime import datetime

from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Comment, Thread
from annotator.models.types import utcnow
from annotator.services.errors import InvalidInput


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def threads_query(article_ids):
    """Return the SELECT of the articles' threads with their comments, one row a comment (as
    plain columns: one query for a batch of articles, see bundles.load_bundles)."""
    return (select(Thread.article_id, Thread.id, Thread.claim_id, Thread.resolved_at, Thread.resolved_by_id,
                   Comment.author_id, Comment.author_name, Comment.kind, Comment.body, Comment.mentions,
                   Comment.created_at, Comment.edited_at)
            .join(Comment, Comment.thread_id == Thread.id)
            .where(Thread.article_id.in_(article_ids)).order_by(Thread.article_id, Thread.id, Comment.id))


def thread_objects(rows, lookup):
    """Return an article's threads (claim and article) with their comments, from its rows of
    threads_query."""
    threads = {}
    for row in rows:  # a thread's columns, then one comment's
        entry = threads.setdefault(row.id, {
            "claim_id": row.claim_id, "resolved_at": _iso(row.resolved_at),
            "resolved_by": lookup.user(row.resolved_by_id) if row.resolved_by_id else None, "comments": []})
        entry["comments"].append(_comment(row, lookup))
    return list(threads.values())


def _comment(c, lookup):
    author = lookup.user(c.author_id) if c.author_id is not None else c.author_name
    return {"author": author, "kind": c.kind, "body": c.body, "mentions": list(c.mentions or []),
            "created_at": _iso(c.created_at), "edited_at": _iso(c.edited_at)}


def _time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def write_threads(article, threads, claim_ids):
    """Create the document's threads on the imported article (claim ids remapped)."""
    seen = set()
    for t in threads:
        claim_id = claim_ids.get(t["claim_id"]) if t.get("claim_id") is not None else None
        if (t.get("claim_id") is not None and claim_id is None) or claim_id in seen:
            raise InvalidInput(f"A thread names claim {t['claim_id']}, which the document has not, or has twice.")
        seen.add(claim_id)
        thread = Thread(subject=f"claim:{claim_id}" if claim_id else f"article:{article.id}", article_id=article.id,
                        claim_id=claim_id, resolved_at=_time(t.get("resolved_at")))
        db.session.add(thread)
        db.session.flush()
        db.session.add_all(Comment(
            thread_id=thread.id, author_id=None, author_name=c.get("author"), body=c["body"],
            kind=c.get("kind", "comment"), mentions=c.get("mentions", []),
            created_at=_time(c.get("created_at")) or utcnow(), edited_at=_time(c.get("edited_at")),
        ) for c in t["comments"])
    db.session.flush()


def comparable_threads(doc, claim_numbers):
    """Renumber the threads' claim ids as imports.comparable renumbers the claims."""
    for t in doc.get("threads", []):
        t["claim_id"] = claim_numbers.get(t["claim_id"])
        t.pop("resolved_by", None)  # an import keeps when, not who (no name column on a thread)
