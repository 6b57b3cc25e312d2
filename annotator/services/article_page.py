"""What the article page reads, in a fixed number of statements whatever its claim count."""
from typing import NamedTuple

from flask import current_app

from annotator.services import articles, assignments, publisher, review, settings, signoff, suggestions
from annotator.services.exports.lookup import signed_publisher
from annotator.services.verdicts import list_verdicts

ACTIVITY_SHOWN = 30
# Review states whose boxes need the article's review events (four eyes; who sent a claim back).
NEEDS_EVENTS = frozenset({"submitted", "changes_requested"})


class ArticlePageReads(NamedTuple):
    article: object  # claims and creator loaded
    sources: dict  # claim id -> its sources, in order
    verdicts: list  # the whole scale, retired verdicts included
    assignment: object
    self_review_allowed: bool
    suggestion_threshold: float
    sign_off: object  # the one in force, or None
    publisher: dict  # the publisher ClaimReview names for this article: its sign-off's, else the newsroom's
    activity: list  # the latest events, newest first, actors loaded
    review_events: list  # review.contribution_events with comments, or () when no claim waits for review or a fix


def read_article_page(article_id, viewer):
    """Return everything the article page shows, read in at most seven statements."""
    article, sources = articles.get_article_claims_and_sources(article_id)
    values = settings.get_settings({review.SELF_REVIEW_SETTING: bool(current_app.config["ALLOW_SELF_REVIEW"]),
                                    suggestions.THRESHOLD_SETTING: suggestions.default_threshold(),
                                    publisher.SETTING: None})
    sign_off = signoff.get_current_sign_off(article.id)
    waiting = any(c.review_state in NEEDS_EVENTS for c in article.claims)
    return ArticlePageReads(
        article=article, sources=sources, verdicts=list_verdicts(include_inactive=True),
        assignment=assignments.get_assignment(article.id),
        self_review_allowed=bool(values[review.SELF_REVIEW_SETTING]),
        suggestion_threshold=float(values[suggestions.THRESHOLD_SETTING]),
        sign_off=sign_off,
        publisher=signed_publisher(sign_off, values[publisher.SETTING] or publisher.configured_publisher()),
        activity=review.list_article_activity(article.id, ACTIVITY_SHOWN),
        review_events=review.contribution_events(article.id, viewer.id, comments=True) if waiting else (),
    )
