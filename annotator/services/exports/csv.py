"""CSV for spreadsheets: one row a claim, safe to open (no cell is read as a formula).

Reads only what the rows show, a batch of articles at a time, each a page at a time from three
cursors in the same claim order (so an article of any size is read in pieces): the claims with
their article's title, the sources' addresses, and the review events (who approved or sent
back each claim).
"""
import csv
import io
import re

from sqlalchemy import select

from annotator.models import Article, Claim, Claimant, Event, SignOff, Source
from annotator.services.exports.bundles import CLAIM_ORDER, iter_batches
from annotator.services.exports.formats import Format, Output, register
from annotator.services.exports.lookup import signed_verdicts
from annotator.services.exports.rows import Aligned, fetch_pages, fetch_rows, fetch_stream

HEADER = ("article_id", "article_title", "claim_id", "start", "end", "quote", "claimant", "verdict",
          "verdict_key", "sources", "notes", "review_state", "reviewer", "reviewer_comment", "origin", "claimant_id",
          "claimant_wikidata")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REVIEW_OUTCOMES = ("approved", "changes_requested")
PAGE_ROWS = 5_000
# Where a field can begin once a spreadsheet splits the text: the start of the cell, or after
# any separator some locale or import dialog uses (, ; TAB) or a line break, past the spaces
# and quotes it may trim. A quote mark placed there makes the field text in every such split:
# "x;=1+1;y" opened with ";" as the separator would otherwise run =1+1.
_FIELD_START = re.compile(r"""(^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])""")
# Most cells hold none of the characters a formula starts with: one search tells, and skips the
# substitution (its template costs more than the search: bench/bench_export.py).
_MAY_RUN = re.compile(r"[=+\-@\t\r]").search


def neutralise(value):
    """Return a cell value that a spreadsheet shows as text, never runs, however it splits it."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _FIELD_START.sub(r"\1\2'", text) if _MAY_RUN(text) else text


def _real_claims(query, ids):
    """Limit query to the claims a person made or accepted (not open suggestions nor dismissed
    ones) on these articles, in the order of the rows."""
    return query.where(Claim.article_id.in_(ids), Claim.is_live).order_by(*CLAIM_ORDER)


def _claims(ids):
    return _real_claims(
        select(Claim.article_id, Article.title, Claim.id, Claim.start, Claim.end, Claim.quote, Claim.claimant,
               Claim.verdict_key, Claim.notes, Claim.review_state, Claim.reviewer_comment, Claim.origin,
               Claim.claimant_id, Claimant.wikidata_id)
        .join(Article, Article.id == Claim.article_id).outerjoin(Claimant, Claimant.id == Claim.claimant_id), ids)


def _sources(ids):
    return _real_claims(select(Source.claim_id, Source.url).join(Claim, Claim.id == Source.claim_id), ids).order_by(
        Source.position, Source.id)


def _review_events(ids):
    return _real_claims(
        select(Event.claim_id, Event.actor_id, Event.new, Event.actor_name).join(Claim, Claim.id == Event.claim_id)
        .where(Event.article_id == Claim.article_id, Event.field == "review_state"), ids).order_by(Event.id)


def reviewer(events, lookup):
    """Return the display name of who last approved or sent back a claim, from its review events
    (an imported event's name is marked imported: it is not an account here)."""
    name = ""
    for event in events:
        if event.new in REVIEW_OUTCOMES:
            user = lookup.users.get(event.actor_id)
            name = user.display_name if user else _imported_name(event.actor_name)
    return name


def _imported_name(person):
    if not person:
        return ""
    return f"{person.get('display_name') or person['username']} (imported)"


def signed_scales(ids):
    """Return {article id: the verdicts its sign-off in force recorded} for these articles."""
    found = fetch_rows(select(SignOff.article_id, SignOff.terms).join(Article, Article.id == SignOff.article_id)
                       .where(SignOff.article_id.in_(ids), SignOff.reopened_at.is_(None),
                              Article.state == "signed_off").order_by(SignOff.id))
    return {row.article_id: verdicts for row in found if (verdicts := signed_verdicts(row)) is not None}


def rows(page, sources, reviews, lookup, signed=None):
    """Yield the CSV rows of a page of claims; sources and reviews are Aligned with the claims;
    signed: signed_scales of their articles (a signed-off article shows the verdicts it was signed with)."""
    signed = signed or {}
    for (article_id, title, claim_id, start, end, quote, claimant, verdict_key, notes, review_state,
         reviewer_comment, origin, claimant_id, wikidata_id) in page:
        verdict = signed.get(article_id, lookup.verdicts).get(verdict_key)
        yield (article_id, title, claim_id, start, end, quote, claimant, verdict.label if verdict else "",
               verdict_key or "", " | ".join(s.url for s in sources.take(claim_id)), notes, review_state,
               reviewer(reviews.take(claim_id), lookup), reviewer_comment, origin, claimant_id or "", wikidata_id or "")


def _lines(values):
    buffer = io.StringIO()
    # Every cell quoted: a spreadsheet that honours quotes never splits inside one.
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows([neutralise(v) for v in row] for row in values)
    return buffer.getvalue()


def claim_rows(filters, lookup):
    """Yield the rows (tuples in HEADER's order) of every selected article's claims, a page at a
    time, a batch of articles at a time: what the CSV and the .xlsx export write."""
    for ids, _ in iter_batches(filters):
        signed = signed_scales(ids)
        sources, reviews = Aligned(fetch_stream(_sources(ids))), Aligned(fetch_stream(_review_events(ids)))
        for page in fetch_pages(_claims(ids), PAGE_ROWS):
            yield rows(page, sources, reviews, lookup, signed)


def stream_csv(filters, lookup):
    """Yield the CSV text of every selected article's claims, a batch of articles at a time, header first."""
    yield "\ufeff" + _lines([HEADER])  # the byte-order mark makes spreadsheet apps read UTF-8
    for page in claim_rows(filters, lookup):
        yield _lines(page)


def _many(filters, lookup, publisher):
    return Output(stream_csv(filters, lookup), "text/csv; charset=utf-8", "csv")


register(Format("csv", 4, _many, rows=True, menu_one="CSV (spreadsheet)",
                menu_many=(("CSV (spreadsheet)", {}),)))
