"""Finding articles: the list filtered, searched, sorted and paged in a constant number of queries.

One page costs four statements whatever the number of articles: the total, the page of articles,
their claim counts and their people (from which each one's due date and priority are read).
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from annotator.extensions import db
from annotator.models import Article, Assignment, Claim
from annotator.services.articles import claim_counts
from annotator.services.assignments import ArticleAssignment, assignments_by_article, today_utc
from annotator.services.errors import NotFound

PER_PAGE = 50
SORTS = ("newest", "oldest", "title", "due", "priority", "updated")
DUE_FILTERS = ("overdue", "soon", "none")
SOON_DAYS = 7
MAX_OUTLETS = 500
NO_COUNTS = {"claims": 0, "rated": 0, "suggested": 0, "approved": 0, "sent_back": 0}


@dataclass(frozen=True)
class ArticleQuery:
    """What the list shows; every value already checked (forms.ArticleListForm)."""

    text: str = ""
    state: str = ""
    assignee_id: int | None = None
    unassigned: bool = False
    due: str = ""
    outlet: str = ""
    sort: str = "newest"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class ArticleRow:
    article: Article
    counts: dict
    assignment: ArticleAssignment
    overdue: bool = False


@dataclass
class ArticlePage:
    rows: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def is_overdue(due_on, state, today):
    """Tell whether work due on due_on is late: the day passed and the article is not signed off."""
    return due_on is not None and due_on < today and state != "signed_off"


def find_articles(query, today=None):
    """Return the ArticlePage the query asks for; a page past the last is NotFound."""
    today = today or today_utc()
    clauses = _clauses(query, today)
    total = db.session.scalar(select(func.count(Article.id)).where(*clauses))
    # The list never shows the text, which is most of an article's bytes.
    selected = select(Article).options(defer(Article.text, raiseload=True)).where(*clauses)
    found = ArticlePage(total=total, page=query.page, per_page=query.per_page)
    if query.page > found.pages:
        raise NotFound(f"There is no page {query.page}; the list has {found.pages}.", {"page": ["Choose an earlier page."]})
    articles = db.session.scalars(
        selected.order_by(*ORDERS[query.sort]).limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    found.rows = _rows(articles, today)
    return found


def _rows(articles, today):
    ids = [article.id for article in articles]
    counts = {c.article_id: dict(c._mapping) for c in db.session.execute(
        claim_counts().where(Claim.article_id.in_(ids)))} if ids else {}
    people = assignments_by_article(ids)
    return [ArticleRow(article, {k: v for k, v in counts.get(article.id, NO_COUNTS).items() if k != "article_id"},
                       people[article.id], is_overdue(people[article.id].due_on, article.state, today))
            for article in articles]


def _clauses(query, today):
    clauses = []
    if query.text:
        clauses.append(func.lower(Article.title).contains(query.text.lower(), autoescape=True))
    if query.state:
        clauses.append(Article.state == query.state)
    if query.outlet:
        clauses.append(Article.outlet == query.outlet)
    if query.unassigned:
        clauses.append(Article.id.not_in(select(Assignment.article_id)))
    elif query.assignee_id is not None:
        clauses.append(_assigned_to(query.assignee_id))
    if query.due:
        clauses.append(_due_clause(query.due, Article.due_on, today))
    return clauses


def _assigned_to(user_id):
    # IN (a subquery on the user's index), not a correlated EXISTS probed once an article.
    return Article.id.in_(select(Assignment.article_id).where(Assignment.user_id == user_id))


def _due_clause(due, due_on, today: date):
    if due == "none":
        return due_on.is_(None)
    live = Article.state != "signed_off"
    if due == "overdue":
        return live & (due_on < today)
    return live & (due_on >= today) & (due_on <= today + timedelta(days=SOON_DAYS))


# The article's own due_on and priority_rank (services/assignments.write_plan), so a sort reads an
# index instead of grouping every assignment. PostgreSQL sorts NULL last in ascending order
# already, which lets its index on due_on serve "due".
NEWEST = (Article.created_at.desc(), Article.id.desc())
ORDERS = {
    "newest": NEWEST,
    "oldest": (Article.created_at, Article.id),
    "title": (func.lower(Article.title), Article.id),
    "due": (Article.due_on.asc().nulls_last(), *NEWEST),
    "priority": (Article.priority_rank.desc(), Article.due_on.asc().nulls_last(), *NEWEST),
    "updated": (Article.updated_at.desc(), Article.id.desc()),
}


def list_outlets():
    """Return the outlets articles name, alphabetically, for the outlet filter."""
    return db.session.scalars(
        select(Article.outlet).where(Article.outlet != "").distinct().order_by(Article.outlet).limit(MAX_OUTLETS)
    ).all()
