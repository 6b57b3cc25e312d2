"""Search across everything the newsroom wrote: articles, claims, notes, sources, discussion.

The index (search_documents, kept current by triggers in the writing transaction) is read
through a small backend per dialect: FTS5 on SQLite, a tsvector with a GIN index on
PostgreSQL. A new kind of document is one Kind registered here plus the triggers of its
migration; a new filter is one function registered with register_filter.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

from sqlalchemy import and_, func, literal_column, select, text, true
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.sql.util import find_tables

from annotator.extensions import db
from annotator.limits import SEARCH_MAX_PAGE, SEARCH_RANKED_MATCHES
from annotator.models import Article, Assignment, Claim
from annotator.models.search_index import search_documents as docs, search_fts
from annotator.services.errors import InvalidInput
from annotator.text.search_query import QueryError, fts5_match, highlight, parse_query, websearch_phrase

PER_PAGE = 20
HEADING_CHARS = 200


@dataclass(frozen=True)
class Kind:
    """One kind of indexed document: how its result reads."""
    name: str
    label: str  # plural, for the filter: "Claims"
    noun: str  # singular, for a result: "Claim"
    heading: Callable  # row -> the result's first line
    detail: Callable  # row -> the text the snippet is cut from
    detail_label: str = ""  # what the snippet is, when the kind alone does not say


KINDS = {}


def register_kind(kind):
    KINDS[kind.name] = kind
    return kind


register_kind(Kind("article", "Articles", "Article", lambda r: r.title, lambda r: r.body))
register_kind(Kind("claim", "Claims", "Claim", lambda r: r.title, lambda r: r.body, "Claimant"))
register_kind(Kind("note", "Notes", "Note", lambda r: r.claim_quote or "", lambda r: r.body))
register_kind(Kind("source", "Sources", "Source", lambda r: r.title or r.body, lambda r: r.body if r.title else ""))
# A comment reads under the claim its thread is on; the article's own thread has no claim.
register_kind(Kind("comment", "Discussion", "Comment", lambda r: r.claim_quote or "Discussion of the article",
                   lambda r: r.body))


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple = ()
    verdict: Optional[str] = None  # a verdict key, or "unrated"
    claimant: str = ""
    review_state: Optional[str] = None
    outlet: str = ""
    published_from: Optional[date] = None
    published_until: Optional[date] = None
    assignee_id: Optional[int] = None  # articles this account has a part in (annotator or reviewer)
    unassigned: bool = False  # articles nobody has a part in


FILTERS = []


def register_filter(build):
    """build(filters) returns a WHERE clause over docs, Article and Claim, or None."""
    FILTERS.append(build)
    return build


def _contains(column, value):
    pattern = "%" + value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return func.lower(column).like(pattern, escape="\\")


@register_filter
def _by_kind(f):
    return docs.c.kind.in_(f.kinds) if f.kinds else None


@register_filter
def _by_verdict(f):
    if f.verdict is None:
        return None
    if f.verdict == "unrated":
        return and_(Claim.id.is_not(None), Claim.verdict_key.is_(None))
    return Claim.verdict_key == f.verdict


@register_filter
def _by_claimant(f):
    return _contains(Claim.claimant, f.claimant) if f.claimant else None


@register_filter
def _by_review_state(f):
    return Claim.review_state == f.review_state if f.review_state else None


@register_filter
def _by_outlet(f):
    return _contains(Article.outlet, f.outlet) if f.outlet else None


@register_filter
def _by_publication_date(f):
    clauses = [c for c in (f.published_from and Article.published_on >= f.published_from,
                           f.published_until and Article.published_on <= f.published_until) if c is not None]
    return and_(*clauses) if clauses else None


@register_filter
def _by_assignee(f):
    # IN (a subquery on the assignments' user index) on the index's own article_id: no join.
    if f.unassigned:
        return docs.c.article_id.not_in(select(Assignment.article_id))
    if f.assignee_id is not None:
        return docs.c.article_id.in_(select(Assignment.article_id).where(Assignment.user_id == f.assignee_id))
    return None


@dataclass
class SearchHit:
    kind: str
    kind_noun: str
    detail_label: str
    article_id: int
    claim_id: Optional[int]
    article_title: str
    outlet: str
    published_on: Optional[date]
    verdict_key: Optional[str]
    claimant: str
    review_state: Optional[str]
    heading: list = field(default_factory=list)  # (piece, is_match) pairs, unescaped
    snippet: list = field(default_factory=list)


@dataclass
class SearchPage:
    query: str
    page: int
    hits: list
    has_next: bool
    per_page: int
    matched: int = 0  # documents matching, counted up to SEARCH_RANKED_MATCHES
    capped: bool = False  # more match than that: the best of the first SEARCH_RANKED_MATCHES are shown


# --- the backends --------------------------------------------------------------------------

class SqliteBackend:
    """FTS5: the parsed query rendered with every word quoted; bm25, title weighted 4:1."""

    def source(self, query):
        """Return (FROM, the match, the rank, whether a higher rank is better)."""
        match = text("search_fts MATCH :match").bindparams(match=fts5_match(query))
        rank = func.bm25(literal_column("search_fts"), 4.0, 1.0)  # lower is better
        return docs.join(search_fts, search_fts.c.rowid == docs.c.id), match, rank, False


class PostgresBackend:
    """websearch_to_tsquery for each parsed term (a quoted phrase of plain words), combined
    with tsquery operators; ts_rank over the generated, GIN-indexed document."""

    def source(self, query):
        # The tsquery is built once, in a one-row subquery, not again for each row ranked.
        tsquery = select(self._tsquery(query).label("q")).subquery("query")
        source = docs.join(tsquery, true())
        return source, docs.c.document.op("@@")(tsquery.c.q), func.ts_rank(docs.c.document, tsquery.c.q), True

    def _tsquery(self, query):
        def one(term):
            return func.websearch_to_tsquery(literal_column("'simple'::regconfig"), websearch_phrase(term))

        def any_of(terms):
            result = one(terms[0])
            for term in terms[1:]:
                result = result.op("||")(one(term))
            return result.self_group()

        result = any_of(query.groups[0])
        for group in query.groups[1:]:
            result = result.op("&&")(any_of(group))
        if query.excluded:
            result = result.op("&&")(UnaryExpression(any_of(query.excluded), operator=custom_op("!!")))
        return result


BACKENDS = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}


def _backend():
    return BACKENDS[db.session.get_bind().dialect.name]


# --- the verb ------------------------------------------------------------------------------

def search(raw_query, filters=SearchFilters(), page=1, per_page=PER_PAGE):
    """Return one page of documents matching raw_query and filters, best first.

    Raises InvalidInput (field "q") when the query holds nothing searchable.
    """
    query = _parse(raw_query)
    if not 1 <= page <= SEARCH_MAX_PAGE:
        raise InvalidInput(f"Choose a page from 1 to {SEARCH_MAX_PAGE}.", {"page": ["Out of range."]})
    rows = db.session.execute(_statement(query, filters, page, per_page)).all()
    room = SEARCH_RANKED_MATCHES - (page - 1) * per_page  # the one ranked past the cap only counts
    hits = [_hit(row, query.needles) for row in rows[:min(per_page, room)]]
    matched = rows[0].matched if rows else 0
    return SearchPage(raw_query, page, hits, has_next=len(rows) > per_page and room > per_page, per_page=per_page,
                      matched=min(matched, SEARCH_RANKED_MATCHES), capped=matched > SEARCH_RANKED_MATCHES)


def _parse(raw_query):
    try:
        return parse_query(raw_query)
    except QueryError as error:
        raise InvalidInput(str(error), {"q": [str(error)]}) from None


def _statement(query, filters, page, per_page):
    """Rank and cut the page on the index (joining only the tables a filter names), then load
    what the page shows: with thousands of matches, joins made before the cut run for each.

    Only the first SEARCH_RANKED_MATCHES (+1, to tell that more match) are ranked: two words
    found in half of a million claims would otherwise rank half a million rows for 20. With
    no ORDER BY, the LIMIT stops reading and ranking rows once that many matched (the GIN or
    FTS5 index still finds them all: that is the cost left); the page is the best of those,
    and the count says "1,000+"."""
    source, match, rank, descending = _backend().source(query)
    clauses = [c for c in (build(filters) for build in FILTERS) if c is not None]
    named = {table.name for clause in clauses for table in find_tables(clause, check_columns=True)}
    if "articles" in named:
        source = source.join(Article, Article.id == docs.c.article_id)
    if "claims" in named:
        source = source.outerjoin(Claim, Claim.id == docs.c.claim_id)

    def best_first(column):
        return column.desc() if descending else column.asc()

    candidates = (select(docs.c.id, rank.label("rank")).select_from(source).where(match, *clauses)
                  .limit(SEARCH_RANKED_MATCHES + 1).subquery("candidates"))
    cut = (select(candidates.c.id, candidates.c.rank, func.count().over().label("matched"))
           .order_by(best_first(candidates.c.rank), candidates.c.id)
           .limit(per_page + 1).offset((page - 1) * per_page).subquery("page"))
    shown = (cut.join(docs, docs.c.id == cut.c.id).join(Article, Article.id == docs.c.article_id)
             .outerjoin(Claim, Claim.id == docs.c.claim_id))
    return (
        select(cut.c.matched, docs.c.kind, docs.c.article_id, docs.c.claim_id, docs.c.title, docs.c.body,
               Article.title.label("article_title"), Article.outlet, Article.published_on,
               Claim.quote.label("claim_quote"), Claim.verdict_key, Claim.claimant, Claim.review_state)
        .select_from(shown).order_by(best_first(cut.c.rank), docs.c.id)
    )


def _hit(row, needles):
    kind = KINDS[row.kind]
    return SearchHit(
        kind=row.kind, kind_noun=kind.noun, detail_label=kind.detail_label,
        article_id=row.article_id, claim_id=row.claim_id,
        article_title=row.article_title, outlet=row.outlet or "", published_on=row.published_on,
        verdict_key=row.verdict_key, claimant=row.claimant or "", review_state=row.review_state,
        heading=highlight(kind.heading(row) or "", needles, HEADING_CHARS),
        snippet=highlight(kind.detail(row) or "", needles) if kind.detail(row) else [],
    )
