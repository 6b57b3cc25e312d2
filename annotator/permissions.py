"""The permission policy: every action, who may do it, and on what condition.

Like h's security/permission_map.py: POLICY maps each action ("claim.edit", "article.sign_off",
...) to a Rule: the roles allowed, the message a refusal shows, and conditions on the thing acted
on (the article not locked; four eyes: not the person who contributed to the work approved).
Routes declare their action (views/helpers.requires), services call check() with the same
action, so pages, the API and the CLI obey one rule; templates ask allows() to show a button.

Four eyes is has_contributed below, which approving a claim and signing an article off both
ask. It reads the append-only history, so who edited last, or a withdraw and resubmit, cannot
hide a contribution. Pure: it takes events and answers; the services load the events
(review.contribution_events).
"""
from typing import NamedTuple

from annotator.models.user import ANNOTATING_ROLES, REVIEWING_ROLES
from annotator.services.errors import Locked, PermissionDenied

# Event actions that record review work rather than a change to the annotated content.
REVIEW_ACTIONS = frozenset({"review", "self_review", "comment", "state", "sign_off", "reopen", "discuss"})
# Events that only re-point a claim at another claimant record (an admin merging duplicates): not work on it.
RELINK_ACTIONS = frozenset({"relink"})
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
    return event.action not in REVIEW_ACTIONS and event.action not in RELINK_ACTIONS


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


# --- the map ----------------------------------------------------------------------------------

class FourEyes(NamedTuple):
    """What the four-eyes condition looks at: the article's events (or Contributions read from
    them), the claim approved (None: the article signed off), the instance's setting, and (a
    sign-off) whether a claim now approved was approved under self-review."""
    events: object
    claim: object = None
    self_review_allowed: bool = False
    self_approved: bool = False


def is_own_work(user, four_eyes):
    """Tell whether approving the claim (or signing the article off) would be user's own work."""
    return four_eyes.self_approved or has_contributed(user, four_eyes.events, four_eyes.claim)


LOCKED = "This article is signed off and locked. A reviewer must reopen it first."
OWN_CLAIM = "You contributed to this claim in this review cycle; another reviewer must approve it."
OWN_ARTICLE = "You changed or approved your own work in this article; another reviewer must sign it off."


def unlocked(user, article):
    """Refuse a change to a signed-off article (context: the article; none: not asked here)."""
    return Locked(LOCKED) if article is not None and article.is_locked else None


def four_eyes(user, context):
    """Refuse approving or signing off one's own work, unless the instance allows self-review."""
    if context is None or context.self_review_allowed or not is_own_work(user, context):
        return None
    return PermissionDenied(OWN_ARTICLE if context.claim is None else OWN_CLAIM)


class Rule(NamedTuple):
    roles: frozenset  # None: public, no sign-in needed
    message: str = ""
    conditions: tuple = ()  # each (user, context) -> the error to raise, or None


EVERYONE = frozenset(ANNOTATING_ROLES)  # every signed-in role
PUBLIC = Rule(None)
SIGNED_IN = Rule(EVERYONE, "Sign in first.")
ANNOTATE = Rule(ANNOTATING_ROLES, "Your role cannot annotate.")
EDIT = ANNOTATE._replace(conditions=(unlocked,))
REVIEW = Rule(REVIEWING_ROLES, "Only a reviewer or an admin can do that.")
FOUR_EYES = REVIEW._replace(conditions=(four_eyes,))
ADMIN = Rule(frozenset({"admin"}), "Only an administrator can do that.")

POLICY = {
    # signing in and one's own account
    "auth.sign_in": PUBLIC, "auth.setup": PUBLIC, "auth.sign_out": SIGNED_IN,
    "account.view": SIGNED_IN, "account.password": SIGNED_IN, "account.tokens": SIGNED_IN,
    # reading: every signed-in role reads everything
    "article.list": SIGNED_IN, "article.view": SIGNED_IN, "article.history": SIGNED_IN,
    "export": SIGNED_IN, "search": SIGNED_IN, "work.view": SIGNED_IN, "assignment.view": SIGNED_IN,
    "settings.view": SIGNED_IN,
    # talking: every signed-in role reads and writes threads and its own notifications
    "discussion.view": SIGNED_IN, "discussion.post": SIGNED_IN, "notification.view": SIGNED_IN,
    # annotating
    "article.import": ANNOTATE, "article.demo": ANNOTATE, "article.revise": EDIT,
    "article.submit": ANNOTATE, "article.withdraw": ANNOTATE,
    "claim.create": EDIT, "claim.edit": EDIT, "claim.delete": EDIT, "claim.submit": ANNOTATE,
    # checked before: everyone sees the matches; whoever may edit the claim reuses or dismisses one
    "claim.matches": SIGNED_IN, "claim.reuse_verdict": EDIT, "claim.dismiss_match": EDIT,
    "source.edit": EDIT, "suggestion.decide": EDIT, "suggestion.run": EDIT,
    # claimants: everyone reads them, annotators make and correct them, admins merge duplicates
    "claimant.view": SIGNED_IN, "claimant.create": ANNOTATE, "claimant.edit": ANNOTATE,
    "claimant.merge": ADMIN._replace(message="Only an administrator can merge claimants."),
    # reviewing
    "review.queue": REVIEW, "review.dashboard": REVIEW, "claim.request_changes": REVIEW,
    "claim.approve": FOUR_EYES, "article.sign_off": FOUR_EYES, "article.reopen": REVIEW,
    "assignment.manage": REVIEW._replace(message="Only a reviewer or an admin can assign articles."),
    # administering; an import can carry sign-offs and people, so admins only
    "admin.users": ADMIN, "admin.verdicts": ADMIN, "settings.edit": ADMIN, "detector.manage": ADMIN,
    "export.restore": ADMIN, "reference.import": ADMIN,
}


def rule_for(action):
    """Return the Rule of action; an action the map does not name is a programming error."""
    try:
        return POLICY[action]
    except KeyError:
        raise LookupError(f"No permission rule for {action!r}: add it to permissions.POLICY.") from None


def has_role(user, roles):
    """Tell whether user is a signed-in, active person holding one of roles."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active and user.role in roles)


def refusal(user, action, context=None):
    """Return the error that refuses user the action on context, or None when it is allowed."""
    rule = rule_for(action)
    if rule.roles is None:
        return None
    if not has_role(user, rule.roles):
        signed_in = user is not None and getattr(user, "is_authenticated", False)
        return PermissionDenied(rule.message if signed_in else "Sign in first.")
    return next((error for error in (c(user, context) for c in rule.conditions) if error is not None), None)


def check(user, action, context=None):
    """Raise PermissionDenied (or Locked, for a signed-off article) unless user may do action."""
    error = refusal(user, action, context)
    if error is not None:
        raise error


def allows(user, action, context=None):
    """Tell whether user may do action on context (templates: whether to show its button)."""
    return refusal(user, action, context) is None
