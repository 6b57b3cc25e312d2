"""Review states: the one place a claim's review state or an article's state changes.

Every move goes through a table of allowed transitions and writes a history event in the
caller's transaction. Roles: annotators move their work forward; reviewers and admins review
under the same four-eyes rule (nobody approves a claim they contributed to in this review cycle:
permissions.has_contributed), unless the instance allows self-review, and then the move is
recorded as "self_review".
"""
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from annotator import permissions
from annotator.extensions import db
from annotator.limits import REVIEW_TEXT_CHARS
from annotator.models import ARTICLE_STATES, Article, Claim, Event
from annotator.permissions import Contributions, FourEyes
from annotator.services import matching_index, notifications, settings, threads
from annotator.services.articles import ensure_unlocked
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from annotator.services.history import record_event
from annotator.services.lookup import check_version, get_claim
from annotator.text.words import counted

# (from, to) -> the action of permissions.POLICY the actor performs by that move.
CLAIM_TRANSITIONS = {
    ("suggested", "open"): "suggestion.decide",
    ("suggested", "dismissed"): "suggestion.decide",
    ("dismissed", "open"): "suggestion.decide",
    ("dismissed", "suggested"): "suggestion.decide",  # undo a dismissal
    ("open", "submitted"): "claim.submit",
    ("changes_requested", "submitted"): "claim.submit",
    ("submitted", "open"): "claim.submit",
    ("submitted", "approved"): "claim.approve",
    ("submitted", "changes_requested"): "claim.request_changes",
    ("approved", "changes_requested"): "claim.request_changes",
    ("approved", "submitted"): "claim.edit",  # content changed after approval: review it again
}
ARTICLE_TRANSITIONS = {
    ("annotating", "in_review"): "article.submit",
    ("in_review", "annotating"): "article.withdraw",
    ("in_review", "signed_off"): "article.sign_off",
    ("signed_off", "annotating"): "article.reopen",  # signoff.reopen records the reason
}
# Claims an annotator sends on when the whole article is submitted.
SUBMITTABLE = ("open", "changes_requested")
SELF_REVIEW_SETTING = "allow_self_review"
ARTICLE_CHANGED = "Someone else changed this article since you opened it. Reload and try again."
CLAIM_CHANGED = "This claim changed since you opened it; look at it again."


def is_allowed_move(from_state, to_state):
    """Tell whether the table lets a claim move between these states."""
    return (from_state, to_state) in CLAIM_TRANSITIONS


def is_allowed_article_move(from_state, to_state):
    """Tell whether the table lets an article move between these states."""
    return (from_state, to_state) in ARTICLE_TRANSITIONS


def _words(state):
    return state.replace("_", " ")


# The columns permissions.has_contributed reads: rows, not ORM objects (a page asks about every claim).
CONTRIBUTION_COLUMNS = (Event.id, Event.actor_id, Event.claim_id, Event.entity, Event.action, Event.field,
                        Event.old, Event.new, Event.imported)


def contribution_events(article_id, user_id, claim_id=None, comments=False):
    """Return what has_contributed reads, oldest first: user's events on the article (with
    claim_id, only those on that claim or the article itself) and the article's review moves
    (state changes, sign-offs); with comments, also everyone's comments that sent a claim back
    (the article page reads who sent each back in the same query: senders_back)."""
    own = Event.actor_id == user_id
    if claim_id is not None:
        own &= (Event.claim_id == claim_id) | (Event.entity == "article")
    moves = (Event.entity == "article") & Event.action.in_(("state", "sign_off"))
    wanted = or_(own, moves, Event.action == "comment") if comments else or_(own, moves)
    return db.session.execute(
        select(*CONTRIBUTION_COLUMNS).where(Event.article_id == article_id, wanted).order_by(Event.id)
    ).all()


def senders_back(events):
    """Return {claim id: id of the user who last sent it back with a comment} from events by id."""
    return {e.claim_id: e.actor_id for e in events if e.action == "comment"}


def _check_four_eyes(actor, claim, allow_self_review):
    """Return the event action of an approval, or raise when actor approves own work."""
    four_eyes = FourEyes(Contributions(actor, contribution_events(claim.article_id, actor.id, claim.id)), claim,
                         allow_self_review)
    permissions.check(actor, "claim.approve", four_eyes)
    return "self_review" if permissions.is_own_work(actor, four_eyes) else "review"


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
    permissions.check(actor, CLAIM_TRANSITIONS[(old, to_state)])
    action = _check_four_eyes(actor, claim, allow_self_review) if to_state == "approved" else "review"
    claim.review_state = to_state
    if "approved" in (old, to_state):
        matching_index.remember(claim)  # same transaction: matching sees exactly the approved claims
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


def lock_article(article_id, expected_version=None):
    """Load the article, fresh, under FOR UPDATE (PostgreSQL) so article moves happen one at a
    time; refuse a move made against an older version of it."""
    article = db.session.scalar(
        select(Article).where(Article.id == article_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if article is None:
        raise NotFound("No such article.")
    check_version(article, expected_version, ARTICLE_CHANGED)
    return article


def check_article_move(actor, article, to_state):
    """Raise unless the table lets actor move article to to_state."""
    old = article.state
    if not is_allowed_article_move(old, to_state):
        raise Conflict(f"An article that is {_words(old)} cannot become {_words(to_state)}.")
    permissions.check(actor, ARTICLE_TRANSITIONS[(old, to_state)])


def move_article(actor, article, to_state):
    """Move article to to_state through the table, with its history event."""
    old = article.state
    check_article_move(actor, article, to_state)
    article.state = to_state
    record_event(actor, "article", "state", article_id=article.id, entity_id=article.id,
                 field="state", old=old, new=to_state)
    return article


def load_claim(claim_id, expected_version):
    """Return the claim to review, refusing a review of an older version than the database's."""
    claim = get_claim(claim_id)
    check_version(claim, expected_version, CLAIM_CHANGED)
    return claim


def submit_claim(actor, claim_id, expected_version=None, allow_self_review=False):
    """Send one claim to review (first time, or again after changes were requested)."""
    claim = load_claim(claim_id, expected_version)
    check_not_sent_back_by(actor, claim, allow_self_review)
    # The reviewer's comment stays, so the reviewer sees what they asked for; history keeps all.
    return move_claim(actor, claim, "submitted")


def approve_claim(actor, claim_id, allow_self_review=False, expected_version=None):
    """Approve a submitted claim; four eyes unless self-review is allowed."""
    permissions.check(actor, "claim.approve")
    claim = load_claim(claim_id, expected_version)
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
    return not claim.is_sent_back or allow_self_review or sent_back_by != actor.id


def check_not_sent_back_by(actor, claim, allow_self_review):
    if not may_resubmit(actor, claim, list_senders_back([claim.id]).get(claim.id), allow_self_review):
        raise PermissionDenied("You sent this claim back: its annotator fixes it and resubmits it.")


def note_content_change(actor, claim):
    """Send an approved claim back to review when its content changes: the approval was for
    the old content. Claim and source edits call this after ensure_unlocked."""
    if claim.is_approved:
        _move_claim(actor, claim, "submitted")
    return claim


def request_changes(actor, claim_id, comment, expected_version=None):
    """Send a claim back to its annotator with the reviewer's comment, which is required and
    may mention only people who can be mentioned (InvalidInput naming anyone else)."""
    permissions.check(actor, "claim.request_changes")
    claim = load_claim(claim_id, expected_version)
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("Say what should change.", {"comment": ["Say what should change."]})
    if len(comment) > REVIEW_TEXT_CHARS:
        raise InvalidInput("The comment is too long.", {"comment": [f"Use at most {REVIEW_TEXT_CHARS} characters."]})
    threads.resolve_mentions(comment, "comment")  # as in any comment, refused by name before anything changes
    claim = move_claim(actor, claim, "changes_requested", comment=comment)
    record_event(actor, "claim", "comment", article_id=claim.article_id, claim_id=claim.id,
                 entity_id=claim.id, field="reviewer_comment", new=comment)
    # The request opens or continues the claim's thread; its annotators hear "sent back".
    threads.post_comment(actor, comment, claim_id=claim.id, kind="request_changes",
                         tell=("sent_back", notifications.claim_people(claim)))
    return claim


def submit_article(actor, article_id, expected_version=None):
    """Submit the article for review with every open or sent-back claim."""
    article = lock_article(article_id, expected_version)
    check_article_move(actor, article, "in_review")
    claims = list_claims_of(article)
    undecided = sum(1 for c in claims if c.is_suggested)
    if undecided:
        raise Conflict(f"Decide the {counted(undecided, 'remaining suggestion')} first: accept or dismiss each.")
    move_article(actor, article, "in_review")
    for claim in claims:
        if claim.review_state in SUBMITTABLE:
            _move_claim(actor, claim, "submitted")
    notifications.notify(notifications.assigned_ids(article.id, "reviewer"), "ready_for_review", actor, article.id)
    flush_or_conflict("Someone else changed this article at the same moment. Reload and try again.")
    return article


def withdraw_article(actor, article_id, expected_version=None):
    """Take an article out of review, back to annotating; its claims keep their states."""
    article = lock_article(article_id, expected_version)
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
        select(Event).where(Event.article_id == article_id).options(joinedload(Event.actor))
        .order_by(Event.id.desc()).limit(limit)
    ).all()


def list_review_queue():
    """Return (article, counts) for articles in review, oldest first by when they last moved;
    counts are claims approved, waiting (submitted) and sent back."""
    counts = select(
        Claim.article_id,
        func.count(case((Claim.is_approved, 1))).label("approved"),
        func.count(case((Claim.is_submitted, 1))).label("waiting"),
        func.count(case((Claim.is_sent_back, 1))).label("sent_back"),
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
    rows = select(Claim.verdict_key, func.count()).where(Claim.is_live).group_by(Claim.verdict_key)
    return dict(db.session.execute(rows).all())
