"""Review states: the one place a claim's review state or an article's state changes.

Every move goes through a table of allowed transitions and writes a history event in the
caller's transaction. Roles: annotators move their work forward; reviewers and admins review
under the same four-eyes rule (nobody approves a claim they contributed to in this review cycle:
permissions.has_contributed), unless the instance allows self-review, and then the move is
recorded as "self_review".
"""
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from annotator.extensions import db
from annotator.models import ARTICLE_STATES, Article, Claim, Event
from annotator.permissions import Contributions, has_contributed
from annotator.services import notifications, settings, threads
from annotator.services.articles import ensure_unlocked
from annotator.services.errors import Conflict, InvalidInput, PermissionDenied
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
    ("approved", "submitted"): "annotate",  # content changed after approval: review it again
}
ARTICLE_TRANSITIONS = {
    ("annotating", "in_review"): "annotate",
    ("in_review", "annotating"): "annotate",
    ("in_review", "signed_off"): "review",
    ("signed_off", "annotating"): "review",  # a reopen; signoff.reopen records the reason
}
# Claims an annotator sends on when the whole article is submitted.
SUBMITTABLE = ("open", "changes_requested")
SELF_REVIEW_SETTING = "allow_self_review"
MAX_COMMENT = 2000


def is_allowed_move(from_state, to_state):
    """Tell whether the table lets a claim move between these states."""
    return (from_state, to_state) in CLAIM_TRANSITIONS


def is_allowed_article_move(from_state, to_state):
    """Tell whether the table lets an article move between these states."""
    return (from_state, to_state) in ARTICLE_TRANSITIONS


def _words(state):
    return state.replace("_", " ")


def check_capability(actor, capability):
    """Raise PermissionDenied unless actor may annotate or review, as capability says."""
    if actor is None:
        raise PermissionDenied("Sign in first.")
    if capability == "review" and not actor.can_review():
        raise PermissionDenied("Only a reviewer or an admin can do that.")
    if capability == "annotate" and not actor.can_annotate():
        raise PermissionDenied("Your role cannot annotate.")


# The columns permissions.has_contributed reads: rows, not ORM objects (a page asks about every claim).
CONTRIBUTION_COLUMNS = (Event.id, Event.actor_id, Event.claim_id, Event.entity, Event.action, Event.field,
                        Event.old, Event.new, Event.imported)


def contribution_events(article_id, user_id, claim_id=None):
    """Return what has_contributed reads, oldest first: user's events on the article (with
    claim_id, only those on that claim or the article itself) and the article's review moves
    (state changes, sign-offs)."""
    own = Event.actor_id == user_id
    if claim_id is not None:
        own &= (Event.claim_id == claim_id) | (Event.entity == "article")
    moves = (Event.entity == "article") & Event.action.in_(("state", "sign_off"))
    return db.session.execute(
        select(*CONTRIBUTION_COLUMNS).where(Event.article_id == article_id, or_(own, moves)).order_by(Event.id)
    ).all()


def list_own_claim_ids(actor, article_id, claims):
    """Return the ids of those claims actor contributed to, so may not approve (one query)."""
    contributions = Contributions(actor, contribution_events(article_id, actor.id))
    return {c.id for c in claims if has_contributed(actor, contributions, c)}


def _check_four_eyes(actor, claim, allow_self_review):
    """Return the event action of an approval, or raise when actor approves own work."""
    if not has_contributed(actor, contribution_events(claim.article_id, actor.id, claim.id), claim):
        return "review"
    if not allow_self_review:
        raise PermissionDenied("You contributed to this claim in this review cycle; another reviewer must approve it.")
    return "self_review"


def move_claim(actor, claim, to_state, comment=None, *, article=None, allow_self_review=False):
    """Move claim to to_state, writing the history event in the same transaction."""
    ensure_unlocked(article if article is not None else db.session.get(Article, claim.article_id))
    _move_claim(actor, claim, to_state, comment, allow_self_review)
    flush_or_conflict("Someone else changed this claim at the same moment. Reload and try again.")
    return claim


def _move_claim(actor, claim, to_state, comment=None, allow_self_review=False):
    old = claim.review_state
    if not is_allowed_move(old, to_state):
        raise Conflict(f"A claim that is {_words(old)} cannot become {_words(to_state)}.")
    check_capability(actor, CLAIM_TRANSITIONS[(old, to_state)])
    action = _check_four_eyes(actor, claim, allow_self_review) if to_state == "approved" else "review"
    claim.review_state = to_state
    if old == "suggested":
        claim.updated_by_id = actor.id  # accepting a suggestion makes it that person's work
    if comment is not None:
        claim.reviewer_comment = comment
    record_event(actor, "claim", action, article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="review_state", old=old, new=to_state)


def flush_or_conflict(message):
    """Flush; a row another transaction changed first (stale version) becomes a Conflict."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(message) from None


def lock_article(article):
    """Reload article under FOR UPDATE (PostgreSQL) so article moves happen one at a time."""
    return db.session.scalar(
        select(Article).where(Article.id == article.id).with_for_update()
        .execution_options(populate_existing=True)
    )


def check_article_move(actor, article, to_state):
    """Raise unless the table lets actor move article to to_state."""
    old = article.state
    if not is_allowed_article_move(old, to_state):
        raise Conflict(f"An article that is {_words(old)} cannot become {_words(to_state)}.")
    check_capability(actor, ARTICLE_TRANSITIONS[(old, to_state)])


def move_article(actor, article, to_state):
    """Move article to to_state through the table, with its history event."""
    old = article.state
    check_article_move(actor, article, to_state)
    article.state = to_state
    record_event(actor, "article", "state", article_id=article.id, entity_id=article.id,
                 field="state", old=old, new=to_state)
    return article


def check_article_version(article, expected_version):
    """Refuse an article move made against an older version of the article."""
    if expected_version is not None and expected_version != article.version:
        raise Conflict("Someone else changed this article since you opened it. Reload and try again.")


def check_claim_version(claim, expected_version):
    """Refuse a review of an older version of the claim than the one in the database."""
    if expected_version is not None and expected_version != claim.version:
        raise Conflict("This claim changed since you opened it; look at it again.", current=claim)


def submit_claim(actor, claim, expected_version=None, allow_self_review=False):
    """Send one claim to review (first time, or again after changes were requested)."""
    check_claim_version(claim, expected_version)
    check_not_sent_back_by(actor, claim, allow_self_review)
    # The reviewer's comment stays, so the reviewer sees what they asked for; history keeps all.
    return move_claim(actor, claim, "submitted")


def approve_claim(actor, claim, allow_self_review=False, expected_version=None):
    """Approve a submitted claim; four eyes unless self-review is allowed."""
    check_capability(actor, "review")
    check_claim_version(claim, expected_version)
    check_rated(claim)
    return move_claim(actor, claim, "approved", allow_self_review=allow_self_review)


def check_rated(claim):
    """Refuse to approve an unrated claim: an approval vouches for a verdict, and ClaimReview
    leaves out a claim without one."""
    if claim.verdict_key is None:
        raise Conflict("This claim has no verdict yet: it needs one before it can be approved. "
                       "Request changes to ask for it.")


def list_senders_back(claim_ids):
    """Return {claim id: id of the user who last sent it back with a comment}."""
    rows = db.session.execute(
        select(Event.claim_id, Event.actor_id).where(Event.claim_id.in_(list(claim_ids)), Event.action == "comment")
        .order_by(Event.id)
    ).all()
    return dict(rows)


def may_resubmit(actor, claim, sent_back_by, allow_self_review=False):
    """Tell whether actor may resubmit claim: not the reviewer who sent it back (his fix would
    be his own work to approve), unless the newsroom allows self-review."""
    return claim.review_state != "changes_requested" or allow_self_review or sent_back_by != actor.id


def check_not_sent_back_by(actor, claim, allow_self_review):
    if not may_resubmit(actor, claim, list_senders_back([claim.id]).get(claim.id), allow_self_review):
        raise PermissionDenied("You sent this claim back: its annotator fixes it and resubmits it.")


def note_content_change(actor, claim):
    """Send an approved claim back to review when its content changes: the approval was for
    the old content. Claim and source edits call this after ensure_unlocked."""
    if claim.review_state == "approved":
        _move_claim(actor, claim, "submitted")
    return claim


def request_changes(actor, claim, comment, expected_version=None):
    """Send a claim back to its annotator with the reviewer's comment, which is required."""
    check_capability(actor, "review")
    check_claim_version(claim, expected_version)
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("Say what should change.", {"comment": ["Say what should change."]})
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("The comment is too long.", {"comment": [f"Use at most {MAX_COMMENT} characters."]})
    claim = move_claim(actor, claim, "changes_requested", comment=comment)
    record_event(actor, "claim", "comment", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="reviewer_comment", new=comment)
    _discuss_request(actor, claim, comment)
    return claim


def _discuss_request(actor, claim, comment):
    """Open or continue the claim's thread with the request, and tell its annotators."""
    posted = threads.post_comment(actor, comment, claim_id=claim.id, kind="request_changes", strict=False)
    notifications.notify(notifications.claim_people(claim), "sent_back", actor, claim.article_id, claim.id, posted.id)


def submit_article(actor, article, expected_version=None):
    """Submit the article for review with every open or sent-back claim."""
    article = lock_article(article)
    check_article_version(article, expected_version)
    check_article_move(actor, article, "in_review")
    claims = list_claims_of(article)
    undecided = sum(1 for c in claims if c.review_state == "suggested")
    if undecided:
        raise Conflict(f"Decide the {undecided} remaining suggestion(s) first: accept or dismiss each.")
    move_article(actor, article, "in_review")
    for claim in claims:
        if claim.review_state in SUBMITTABLE:
            _move_claim(actor, claim, "submitted")
    notifications.notify(notifications.assigned_ids(article.id, "reviewer"), "ready_for_review", actor, article.id)
    flush_or_conflict("Someone else changed this article at the same moment. Reload and try again.")
    return article


def withdraw_article(actor, article, expected_version=None):
    """Take an article out of review, back to annotating; its claims keep their states."""
    article = lock_article(article)
    check_article_version(article, expected_version)
    if article.state != "in_review":
        # signed_off -> annotating is a reopen, which needs a reason: signoff.reopen.
        raise Conflict("Only an article in review can be taken out of review.")
    move_article(actor, article, "annotating")
    flush_or_conflict("Someone else changed this article at the same moment. Reload and try again.")
    return article


def self_review_allowed(default=False):
    """Tell whether self-review is on: the admin's setting, else the configured default."""
    return bool(settings.get_setting(SELF_REVIEW_SETTING, bool(default)))


def set_self_review(actor, allowed, default=False):
    """Turn self-review on or off for the instance (admins only), recording the change."""
    return settings.set_setting(actor, SELF_REVIEW_SETTING, bool(allowed), bool(default))


def list_claims_of(article):
    """Return the article's claims, fresh from the database, with their sources."""
    return db.session.scalars(
        select(Claim).where(Claim.article_id == article.id)
        .options(selectinload(Claim.sources)).order_by(Claim.start, Claim.end, Claim.id)
        .execution_options(populate_existing=True)
    ).all()


def list_claim_history(claim_id):
    """Return every event of one claim, oldest first, actors loaded."""
    return db.session.scalars(
        select(Event).where(Event.claim_id == claim_id).options(selectinload(Event.actor)).order_by(Event.id)
    ).all()


def list_article_activity(article_id, limit=50):
    """Return the article's latest events (its claims' included), newest first, actors loaded."""
    return db.session.scalars(
        select(Event).where(Event.article_id == article_id).options(selectinload(Event.actor))
        .order_by(Event.id.desc()).limit(limit)
    ).all()


def list_review_queue():
    """Return (article, counts) for articles in review, oldest first by when they last moved;
    counts are claims approved, waiting (submitted) and sent back."""
    state = Claim.review_state
    counts = select(
        Claim.article_id,
        func.count(case((state == "approved", 1))).label("approved"),
        func.count(case((state == "submitted", 1))).label("waiting"),
        func.count(case((state == "changes_requested", 1))).label("sent_back"),
    ).group_by(Claim.article_id).subquery()
    rows = db.session.execute(
        select(Article, counts.c.approved, counts.c.waiting, counts.c.sent_back)
        .outerjoin(counts, counts.c.article_id == Article.id).where(Article.state == "in_review")
        .order_by(Article.updated_at, Article.id)
    ).all()
    return [(a, {"approved": ap or 0, "waiting": w or 0, "sent_back": sb or 0}) for a, ap, w, sb in rows]


def count_articles_by_state():
    """Return {state: number of articles} for every article state."""
    rows = dict(db.session.execute(select(Article.state, func.count()).group_by(Article.state)).all())
    return {state: rows.get(state, 0) for state in ARTICLE_STATES}


def count_claims_by_verdict():
    """Return {verdict key or None: number of claims} over accepted claims (not suggestions)."""
    live = Claim.review_state.not_in(("suggested", "dismissed"))
    return dict(db.session.execute(select(Claim.verdict_key, func.count()).where(live).group_by(Claim.verdict_key)).all())
