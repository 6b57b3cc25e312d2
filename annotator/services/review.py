"""Review states: the one place a claim's review state changes, through a table of moves."""
from annotator.services.errors import Conflict
from annotator.services.history import record_event

# (from, to) -> the capability the actor needs: "annotate" or "review".
CLAIM_TRANSITIONS = {
    ("suggested", "open"): "annotate",
    ("suggested", "dismissed"): "annotate",
    ("dismissed", "open"): "annotate",
    ("open", "submitted"): "annotate",
    ("changes_requested", "submitted"): "annotate",
    ("submitted", "open"): "annotate",
    ("submitted", "approved"): "review",
    ("submitted", "changes_requested"): "review",
    ("approved", "changes_requested"): "review",
}


def is_allowed_move(from_state, to_state):
    """Tell whether the table lets a claim move between these states."""
    return (from_state, to_state) in CLAIM_TRANSITIONS


def move_claim(actor, claim, to_state, comment=None):
    """Move claim to to_state, writing the history event in the same transaction."""
    old = claim.review_state
    if not is_allowed_move(old, to_state):
        raise Conflict(f"A claim that is {old.replace('_', ' ')} cannot become {to_state.replace('_', ' ')}.")
    claim.review_state = to_state
    if comment is not None:
        claim.reviewer_comment = comment
    record_event(actor, "claim", "review", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="review_state", old=old, new=to_state)
    return claim
