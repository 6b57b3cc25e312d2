"""JSON of the discussion and the notifications: explicit field lists."""
from annotator.serializers import iso_time, user_json
from annotator.services.notifications import link_of, sentence


def comment_json(comment, editable_until=None):
    """Serialise a comment; its author must already be loaded."""
    return {
        "id": comment.id, "thread_id": comment.thread_id, "kind": comment.kind, "body": comment.body,
        "author": user_json(comment.author) if comment.author else None,
        "imported_author": comment.author_name, "mentions": list(comment.mentions or []),
        "created_at": iso_time(comment.created_at), "edited_at": iso_time(comment.edited_at),
        "editable_until": iso_time(editable_until) if editable_until else None,
    }


def discussion_json(article_id, claim_id, thread, comments, edit_window):
    """Serialise a claim's or an article's discussion (thread null while nobody has written)."""
    return {
        "article_id": article_id, "claim_id": claim_id,
        "thread": None if thread is None else {
            "id": thread.id, "resolved": thread.is_resolved, "resolved_at": iso_time(thread.resolved_at)},
        "comments": [comment_json(c, c.created_at + edit_window) for c in comments],
    }


def notification_json(row):
    """Serialise a (notification, article title, claim quote) row; its actor must be loaded."""
    note, title, quote = row
    actor = note.actor
    return {
        "id": note.id, "kind": note.kind, "article_id": note.article_id, "claim_id": note.claim_id,
        "comment_id": note.comment_id, "actor": user_json(actor) if actor else None,
        "created_at": iso_time(note.created_at), "read_at": iso_time(note.read_at),
        "text": sentence(note.kind, actor.display_name if actor else None, title),
        "article_title": title, "claim_quote": quote, "url": link_of(note.article_id, note.claim_id),
    }
