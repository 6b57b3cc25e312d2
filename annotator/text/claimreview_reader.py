"""Read other fact-checkers' ClaimReview data: JSON-LD, Google's data feed, or CSV.

Shapes taken: one ClaimReview object; a list of them; an object with "@graph"; the Fact Check
Tools data feed ({"dataFeedElement": [{"item": [ClaimReview, ...]}]}); a CSV with a header row
(claim_text or claimReviewed, rating or alternateName, url, author or publisher, date, claimant).
Every record is checked on its own and gets plain-language errors ("Record 3: the claim text is
missing."); HTML in a field is reduced to its text. One pass over the input: linear time.
Pure: no Flask, no database.
"""
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from annotator.text.normalize import html_to_text

MAX_ERRORS = 50  # errors reported for one file; the rest are counted
MAX_FIELD = {"claim_text": 2000, "rating": 120, "url": 2000, "publisher": 300, "claimant": 300}
CSV_COLUMNS = {
    "claim_text": ("claim_text", "claimreviewed", "claim", "text"),
    "rating": ("rating", "alternatename", "textual_rating", "verdict"),
    "url": ("url", "review_url"),
    "publisher": ("author", "publisher", "fact_checker", "author_name"),
    "reviewed_on": ("date", "datepublished", "review_date"),
    "claimant": ("claimant", "itemreviewed_author", "claim_author"),
}
_URL = re.compile(r"https?://[^\s<>\"]+\Z", re.IGNORECASE)
_MARKUP = re.compile(r"[<&]")


@dataclass(frozen=True)
class Review:
    claim_text: str
    rating: str
    url: str
    publisher: str
    claimant: str = ""
    reviewed_on: Optional[date] = None


class FileError(ValueError):
    """The file as a whole cannot be read (not JSON nor CSV, no records, wrong columns)."""


def read_reviews(data: bytes, filename: str = "") -> tuple[list[Review], list[str]]:
    """Return the file's reviews and its per-record errors; raise FileError for an unreadable file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("The file is not UTF-8 text.") from None
    if filename.lower().endswith(".csv") or not text.lstrip()[:1] in ("{", "["):
        raw = _csv_records(text)
    else:
        raw = _json_records(text)
    reviews, errors = [], []
    for number, record in enumerate(raw, 1):
        review, problems = _check(record)
        if problems:
            errors.extend(f"Record {number}: {problem}" for problem in problems)
        else:
            reviews.append(review)
    if not raw:
        raise FileError("The file holds no ClaimReview records.")
    if len(errors) > MAX_ERRORS:
        errors = errors[:MAX_ERRORS] + [f"... and {len(errors) - MAX_ERRORS} more problems."]
    return reviews, errors


def _json_records(text: str) -> list[dict]:
    """Return the flat fields of every ClaimReview in a JSON-LD document or data feed."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise FileError(f"The file is not valid JSON ({getattr(error, 'msg', 'nested too deeply')}).") from None
    items = []
    for node in _nodes(document):
        if isinstance(node, dict) and isinstance(node.get("dataFeedElement"), list):
            for element in node["dataFeedElement"]:
                found = element.get("item", []) if isinstance(element, dict) else [element]
                items.extend(found if isinstance(found, list) else [found])
        elif isinstance(node, dict) and "@graph" in node:
            graph = node["@graph"]
            items.extend(graph if isinstance(graph, list) else [graph])
        else:
            items.append(node)
    return [_from_jsonld(item) for item in items]


def _nodes(document):
    """Return the top-level objects: the list's members, or the object itself."""
    return document if isinstance(document, list) else [document]


def _from_jsonld(item) -> dict:
    """Return a ClaimReview object's fields by our names (values unchecked)."""
    if not isinstance(item, dict):
        return {"_not_object": True}
    rating = item.get("reviewRating")
    reviewed = item.get("itemReviewed")
    return {
        "_type": item.get("@type"),
        "claim_text": item.get("claimReviewed"),
        "rating": _name(rating, "alternateName") if isinstance(rating, dict) else rating,
        "url": item.get("url"),
        "publisher": _name(item.get("author")) or _name(item.get("publisher")),
        "reviewed_on": item.get("datePublished"),
        "claimant": _name(reviewed.get("author")) if isinstance(reviewed, dict) else None,
    }


def _name(value, key="name"):
    """Return an object's name (or the first of a list), a bare string as it is."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value.get(key) if isinstance(value, dict) else value


def _csv_records(text: str) -> list[dict]:
    """Return the CSV's rows by our field names."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise FileError("The CSV file is empty.")
    columns = {}
    for position, name in enumerate(header):
        key = re.sub(r"[^a-z_]", "", name.strip().lower().replace(" ", "_"))
        for field, names in CSV_COLUMNS.items():
            if key in names and field not in columns:
                columns[field] = position
    missing = [field for field in ("claim_text", "rating", "url") if field not in columns]
    if missing:
        raise FileError("The CSV has no column for " + ", ".join(missing).replace("_", " ") + ".")
    return [{field: row[at] if at < len(row) else None for field, at in columns.items()} for row in reader if any(row)]


def _check(record: dict) -> tuple[Optional[Review], list[str]]:
    """Return the record as a Review, or the problems that stop it."""
    if record.get("_not_object"):
        return None, ["it is not a JSON object."]
    kind = record.get("_type")
    if kind is not None and "ClaimReview" not in (kind if isinstance(kind, list) else [kind]):
        return None, [f"it is a {kind!s:.40}, not a ClaimReview."]
    problems, fields = [], {}
    for field, words, required in (("claim_text", "the claim text", True), ("rating", "the rating", True),
                                   ("url", "the review's address (url)", True),
                                   ("publisher", "the fact-checker's name", False),
                                   ("claimant", "the claimant", False)):
        value = record.get(field)
        if value is None or value == "":
            if required:
                problems.append(f"{words} is missing.")
            fields[field] = ""
            continue
        if not isinstance(value, str):
            problems.append(f"{words} must be text, not {type(value).__name__.replace('dict', 'an object')}.")
            continue
        value = _plain(value)
        if len(value) > MAX_FIELD[field]:
            problems.append(f"{words} is longer than {MAX_FIELD[field]} characters.")
        fields[field] = value
    if fields.get("url") and not _URL.match(fields["url"]):
        problems.append("the review's address (url) must start with http:// or https://.")
    reviewed_on, problem = _date(record.get("reviewed_on"))
    if problem:
        problems.append(problem)
    if problems:
        return None, problems
    return Review(reviewed_on=reviewed_on, **fields), []


def _plain(value: str) -> str:
    """Return a field's text: markup reduced to text, whitespace folded."""
    if _MARKUP.search(value):
        value = html_to_text(value)
    return " ".join(value.split())


def _date(value) -> tuple[Optional[date], str]:
    """Return a date from an ISO date or date-time string (first ten characters)."""
    if value in (None, ""):
        return None, ""
    if not isinstance(value, str):
        return None, "the date must be text like 2024-05-31."
    try:
        return date.fromisoformat(value.strip()[:10]), ""
    except ValueError:
        return None, f"the date {value[:30]!r} is not a date like 2024-05-31."
