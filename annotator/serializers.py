"""Explicit field lists for JSON; models carry no to_dict."""
from annotator.models.types import iso_time


def user_json(user):
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role, "active": user.active}


def article_json(article, counts=None, with_text=False):
    data = {
        "id": article.id, "title": article.title, "byline": article.byline, "outlet": article.outlet,
        "url": article.url, "published_on": iso_time(article.published_on), "language": article.language,
        "state": article.state, "revision": article.revision_number, "version": article.version,
        "created_at": iso_time(article.created_at), "updated_at": iso_time(article.updated_at),
    }
    if counts is not None:
        data["counts"] = counts
    if with_text:
        data["text"] = article.text
    return data


def source_json(source):
    return {
        "id": source.id, "url": source.url, "title": source.title, "publisher": source.publisher,
        "published_on": iso_time(source.published_on), "passage": source.passage,
        "relation": source.relation, "archive_url": source.archive_url,
    }


def claim_json(claim):
    """Serialise a claim; its sources must already be loaded."""
    return {
        "id": claim.id, "article_id": claim.article_id, "start": claim.start, "end": claim.end,
        "quote": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix,
        "claimant": claim.claimant, "claimant_id": claim.claimant_id, "verdict": claim.verdict_key, "notes": claim.notes,
        "origin": claim.origin, "score": claim.score, "reasons": list(claim.reasons or []),
        "review_state": claim.review_state, "reviewer_comment": claim.reviewer_comment,
        "anchor_state": claim.anchor_state, "version": claim.version,
        "created_by_id": claim.created_by_id, "created_at": iso_time(claim.created_at),
        "updated_by_id": claim.updated_by_id, "updated_at": iso_time(claim.updated_at),
        "sources": [source_json(s) for s in claim.sources],
    }


def claimant_json(claimant, matched=None):
    data = {"id": claimant.id, "name": claimant.name, "aliases": list(claimant.aliases or []),
            "description": claimant.description, "kind": claimant.kind, "wikidata_id": claimant.wikidata_id,
            "wikidata_url": claimant.wikidata_iri, "merged_into_id": claimant.merged_into_id,
            "version": claimant.version}
    if matched is not None:  # completion: the name or alias that matched what was typed
        data["matched"] = matched
    return data


def verdict_json(verdict):
    return {"key": verdict.key, "label": verdict.label, "rating": verdict.rating,
            "position": verdict.position}


# --- review and sign-off ---
def event_json(event):
    """Serialise a history event; its actor must already be loaded."""
    return {
        "id": event.id, "at": iso_time(event.at), "actor": user_json(event.actor) if event.actor else None,
        "article_id": event.article_id, "claim_id": event.claim_id, "entity": event.entity,
        "entity_id": event.entity_id, "action": event.action, "field": event.field,
        "old": event.old, "new": event.new,
        # An imported event names another instance's person, never a local account.
        "imported": event.imported, "imported_actor": event.actor_name if event.imported else None,
    }


def sign_off_json(record):
    """Serialise a sign-off; its reviewer must already be loaded."""
    return {
        "id": record.id, "article_id": record.article_id,
        "reviewer": user_json(record.reviewer) if record.reviewer is not None else None,
        "signed_at": iso_time(record.signed_at), "content_hash": record.content_hash,
        "self_review": record.self_review, "reopened_at": iso_time(record.reopened_at),
        "reopened_by_id": record.reopened_by_id, "reopen_reason": record.reopen_reason,
        "terms": record.terms,
        # An imported sign-off names another instance's reviewer, never a local account.
        "imported": record.imported, "imported_reviewer": record.reviewer_name if record.imported else None,
    }


# --- revisions ---
def revision_json(revision, with_text=False):
    """Serialise a revision; the text only when asked."""
    data = {"number": revision.number, "note": revision.note, "created_by_id": revision.created_by_id,
            "created_at": iso_time(revision.created_at), "characters": len(revision.text)}
    if with_text:
        data["text"] = revision.text
    return data


# --- assignments and my work ---
def assignee_json(row):
    """Serialise one assigned person; user_id is null for a name kept from an imported document."""
    return {"user_id": row.user_id, "username": row.username, "display_name": row.display_name}


def assignment_json(plan):
    """Serialise an ArticleAssignment; null when nobody is assigned."""
    if plan.is_empty:
        return None
    return {"article_id": plan.article_id, "annotators": [assignee_json(a) for a in plan.annotators],
            "reviewer": assignee_json(plan.reviewer) if plan.reviewer else None,
            "due_on": iso_time(plan.due_on), "priority": plan.priority}


def article_row_json(row):
    """Serialise a row of the article list: the article, its claim counts and its people."""
    data = article_json(row.article, row.counts)
    data["assignment"] = assignment_json(row.assignment)
    data["overdue"] = row.overdue
    return data


def work_section_json(section):
    return {"key": section.key, "title": section.title, "items": [{
        "article_id": i.article_id, "article_title": i.article_title, "claim_id": i.claim_id,
        "detail": i.detail, "note": i.note, "due_on": iso_time(i.due_on), "priority": i.priority or None,
        "overdue": i.overdue} for i in section.items]}


# --- live updates ---
def presence_json(row):
    return {"username": row.username, "display_name": row.display_name, "claim_id": row.claim_id}


def live_event_json(event):
    """What a live poll tells of an event: what happened and who did it, never the values."""
    return {"id": event.id, "at": iso_time(event.at), "entity": event.entity, "action": event.action,
            "field": event.field, "claim_id": event.claim_id, "actor": event.display_name or event.username or None}


def changes_json(changes):
    """Serialise a live poll, whose events, claims and people live.FeedCache has already made
    ready to send (with live_event_json, claim_json and presence_json)."""
    return {
        "article": {"id": changes.article_id, "state": changes.state, "version": changes.version},
        "cursor": changes.cursor, "more": changes.more, "events": changes.events,
        "claims": changes.claims, "gone": changes.gone, "present": changes.present,
    }
