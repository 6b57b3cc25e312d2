"""The data model; one module per noun."""
from annotator.models.article import ARTICLE_STATES, Article, Revision, SignOff
from annotator.models.assignment import ASSIGNMENT_ROLES, PRIORITIES, Assignment
from annotator.models.claim import (
    ANCHOR_STATES,
    CONTEXT_CHARS,
    NOT_LIVE_STATES,
    ORIGINS,
    REVIEW_STATES,
    SOURCE_RELATIONS,
    Claim,
    Source,
)
from annotator.models.claimant import Claimant, ClaimantKey
from annotator.models.detector import DetectorHead
from annotator.models.event import Event
from annotator.models.matching import ClaimEmbedding, ClaimVector, MatchDismissal, ReferenceReview
from annotator.models.presence import Presence
from annotator.models.setting import IdempotentRequest, Setting
from annotator.models.thread import (
    MAIL_FREQUENCIES, MAIL_STATES, NOTIFICATION_KINDS, Comment, MailPreference, Notification, Thread,
)
from annotator.models.types import utcnow
from annotator.models.user import ROLES, ApiToken, LoginThrottle, User, new_session_token
from annotator.models.verdict import DEFAULT_SCALE, Verdict

__all__ = [
    "ANCHOR_STATES", "ARTICLE_STATES", "ASSIGNMENT_ROLES", "Assignment", "PRIORITIES", "CONTEXT_CHARS", "DEFAULT_SCALE", "NOT_LIVE_STATES", "ORIGINS",
    "REVIEW_STATES", "ROLES", "SOURCE_RELATIONS", "ApiToken", "Article", "Claim", "ClaimEmbedding", "ClaimVector", "Claimant", "ClaimantKey",
    "DetectorHead", "Event", "IdempotentRequest", "LoginThrottle", "MatchDismissal", "Presence", "ReferenceReview", "Revision",
    "Setting", "SignOff", "Source", "User",
    "Verdict", "new_session_token", "utcnow",
    "Comment", "MAIL_FREQUENCIES", "MAIL_STATES", "MailPreference", "NOTIFICATION_KINDS", "Notification", "Thread",
]
