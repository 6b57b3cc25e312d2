"""CSV for spreadsheets: one row a claim, safe to open (no cell is read as a formula)."""
import csv
import io

from annotator.services.exports import iter_bundles

HEADER = ("article_id", "article_title", "claim_id", "start", "end", "quote", "claimant", "verdict",
          "verdict_key", "sources", "notes", "review_state", "reviewer", "reviewer_comment", "origin")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REVIEW_OUTCOMES = ("approved", "changes_requested")


def neutralise(value):
    """Return a cell value that a spreadsheet shows as text, never runs."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def reviewers(bundle, lookup):
    """Return claim id -> display name of who last approved or sent back the claim."""
    found = {}
    for event in bundle.events:
        if event.field == "review_state" and event.new in REVIEW_OUTCOMES and event.claim_id is not None:
            user = lookup.users.get(event.actor_id)
            found[event.claim_id] = user.display_name if user else ""
    return found


def rows(bundle, lookup):
    """Yield the rows of one article's claims (suggestions and dismissed ones left out)."""
    article, reviewed_by = bundle.article, reviewers(bundle, lookup)
    for claim in bundle.real_claims():
        verdict = lookup.verdicts.get(claim.verdict_key)
        sources = " | ".join(s.url for s in bundle.sources.get(claim.id, []))
        yield (article.id, article.title, claim.id, claim.start, claim.end, claim.quote, claim.claimant,
               verdict.label if verdict else "", claim.verdict_key or "", sources, claim.notes,
               claim.review_state, reviewed_by.get(claim.id, ""), claim.reviewer_comment, claim.origin)


def _line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise(v) for v in values])
    return buffer.getvalue()


def stream_csv(filters, lookup):
    """Yield the CSV text of every selected article's claims, a line at a time, header first."""
    yield "\ufeff" + _line(HEADER)  # the byte-order mark makes spreadsheet apps read UTF-8
    for bundle in iter_bundles(filters):
        for row in rows(bundle, lookup):
            yield _line(row)
