"""My work's "Mentions of me" section: the discussions that named the person, unread first."""
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Claim, Comment, Notification
from annotator.services.my_work import MAX_ITEMS, WorkItem, _short, section


def _unread_mentions(user):
    return (select(func.count()).select_from(Notification)
            .where(Notification.user_id == user.id, Notification.kind == "mentioned", Notification.read_at.is_(None))
            .scalar_subquery())


@section("mentions", "Mentions of me", "Nobody has mentioned you in a discussion.", _unread_mentions)
def mentions_of_me(user, today):
    rows = db.session.execute(
        select(Notification.article_id, Notification.claim_id, Notification.read_at, Article.title, Claim.quote,
               Comment.body)
        .join(Article, Article.id == Notification.article_id)
        .outerjoin(Claim, Claim.id == Notification.claim_id).outerjoin(Comment, Comment.id == Notification.comment_id)
        .where(Notification.user_id == user.id, Notification.kind == "mentioned")
        .order_by(Notification.read_at.is_not(None), Notification.id.desc()).limit(MAX_ITEMS)
    ).all()
    return [WorkItem(r.article_id, r.title, claim_id=r.claim_id, detail=_short(r.body or r.quote or ""))
            for r in rows]
