"""The permission policy: who may do what, and on what condition.

It will grow into the app's one permission map (every action, who may do it); for now it holds
the four-eyes rule, `has_contributed`, which approving a claim and signing an article off both
call (pages, API and CLI go through those two services). It reads the append-only history, so
who edited last, or a withdraw and resubmit, cannot hide a contribution. Pure: it takes events
and answers; the services load the events (review.contribution_events).
"""

# Event actions that record review work rather than a change to the annotated content.
REVIEW_ACTIONS = frozenset({"review", "self_review", "comment", "state", "sign_off", "reopen", "discuss"})
# Article events that bring in (or replace) the content of every claim at once.
ARTICLE_WIDE_CONTRIBUTIONS = frozenset({"import"})
# Review moves that make a claim the mover's own work: accepting a suggestion (or a dismissed one).
ACCEPTED_FROM = frozenset({"suggested", "dismissed"})


def _is_cycle_start(event):
    # A sign-off closes a review cycle; what came before was reviewed by four eyes.
    return event.entity == "article" and event.action == "sign_off"


def _is_submission(event):
    return event.entity == "article" and event.field == "state" and event.new == "in_review"


def current_cycle(events):
    """Return the events after the article's last sign-off (all of them if it had none)."""
    starts = [i for i, e in enumerate(events) if _is_cycle_start(e)]
    return events[starts[-1] + 1:] if starts else events


def since_first_submission(events):
    """Return the events of this cycle from its first submission on (the whole cycle if none):
    later withdrawals and resubmissions do not move the start."""
    cycle = current_cycle(events)
    first = next((i for i, e in enumerate(cycle) if _is_submission(e)), None)
    return cycle if first is None else cycle[first + 1:]


def is_content_change(event):
    """Tell whether an event changed annotated content (not review work, not a restored record)."""
    if getattr(event, "imported", False):
        return False
    if event.action == "review":
        return event.field == "review_state" and event.old in ACCEPTED_FROM and event.new == "open"
    if event.action == "reanchor":
        # Every revision re-anchors every claim; only new words under the claim change it.
        return (event.old or {}).get("quote") != (event.new or {}).get("quote")
    return event.action not in REVIEW_ACTIONS


class Contributions:
    """What one person contributed to an article, read from its events once (so a page asking
    about every claim stays linear): the claims of this cycle they changed, whether they brought
    in every claim (an import), and whether they changed the article since its first submission."""

    def __init__(self, user, events):
        self.user_id = user.id
        cycle = [e for e in current_cycle(events) if e.actor_id == user.id and is_content_change(e)]
        self.claim_ids = {e.claim_id for e in cycle if e.claim_id is not None}
        self.every_claim = any(e.entity == "article" and e.action in ARTICLE_WIDE_CONTRIBUTIONS for e in cycle)
        self.article = any(e.actor_id == user.id and is_content_change(e) for e in since_first_submission(events))

    def to_claim(self, claim):
        return (self.user_id in (claim.created_by_id, claim.updated_by_id) or self.every_claim
                or claim.id in self.claim_ids)


def has_contributed(user, events, claim=None):
    """Tell whether user contributed to what they would approve (claim) or sign off (no claim).

    A claim: user created it or last changed it, or in this review cycle (since the article's
    last sign-off) changed its verdict, claimant, sources, notes or span, accepted it from a
    suggestion, changed the sentence around it in a revision, or imported the article; whoever
    edited last. The article: user changed any of its content since the first submission of
    this cycle, whatever withdraw and resubmit happened in between.
    events: the article's events, oldest first; at least user's own and the article's review
    moves (review.contribution_events loads exactly those); or Contributions already read
    from them, to ask about many claims.
    """
    found = events if isinstance(events, Contributions) else Contributions(user, events)
    return found.to_claim(claim) if claim is not None else found.article
