"""Import the native format claim-annotator/1: a document or JSON Lines, all or nothing.

Everything is checked first (the JSON Schema, then what a schema cannot say: offsets inside the
text, quote equal to text[start:end], unique ids, known verdicts); every problem is listed with its
JSON Pointer, and nothing is written unless the whole file is valid.

Round trip: exporting what was imported gives the same document except for these fields, which
`comparable` sets aside: `exported_at` and `generator`; every database id (article, claim, source,
revision and sign-off `id`, and the `entity_id`/`claim_id` of history events, which follow the new
ids; an event about a claim or source deleted before the export loses that link and becomes null);
and the history gains one `import` event at its end. People are matched by username; a person this
instance does not know becomes an inactive account (display name kept) that cannot sign in.
"""
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Claim, Event, Revision, SignOff, Source, User, Verdict
from annotator.models.types import utcnow
from annotator.services import accounts
from annotator.services.errors import InvalidInput
from annotator.services.exports import FORMAT, SCHEMA_FILE
from annotator.services.history import record_event
from annotator.text.normalize import normalize_text
from annotator.text.spans import quote_at

MAX_LISTED_ERRORS = 100
_formats = FormatChecker(formats=())
_formats.checks("date-time", raises=ValueError)(lambda value: bool(datetime.fromisoformat(value)))
_formats.checks("date", raises=ValueError)(lambda value: bool(date.fromisoformat(value)))


@dataclass(frozen=True)
class Problem:
    """One reason an import is refused: where (a JSON Pointer, and the line for JSON Lines) and why."""

    pointer: str
    message: str
    line: int | None = None

    @property
    def where(self):
        return self.pointer if self.line is None else f"line {self.line}: {self.pointer}"


@cache
def schema():
    """Return the shipped JSON Schema of the native format."""
    return json.loads(files("annotator").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8"))


def pointer(path):
    """Return the JSON Pointer of a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


# --- reading ----------------------------------------------------------------------------------

def parse(data, max_bytes):
    """Return [(line or None, document)] and problems; a file is one document or JSON Lines."""
    if len(data) > max_bytes:
        return [], [Problem("", f"The file is {len(data):,} bytes; the limit is {max_bytes:,}.")]
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        return [], [Problem("", f"The file is not UTF-8 (bad byte at position {error.start}).")]
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) <= 1:
        document, problem = _loads(text)
        return ([(None, document)], []) if problem is None else ([], [problem])
    parsed = [(n, *_loads(line, n)) for n, line in lines]
    return [(n, d) for n, d, p in parsed if p is None], [p for _, _, p in parsed if p is not None]


def _loads(text, line=None):
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}" if line is None else f"column {error.colno}"
        return None, Problem("", f"This is not JSON ({error.msg} at {where}).", line)
    except RecursionError:
        return None, Problem("", "The JSON is nested too deeply.", line)


# --- checking ---------------------------------------------------------------------------------

def check(document, line=None, max_chars=400_000, verdict_keys=frozenset()):
    """Return every problem of one document: the schema first, then what a schema cannot say."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        return [Problem("/format", f"Expected format {FORMAT!r}, found {found!r}.", line)]
    validator = Draft202012Validator(schema(), format_checker=_formats)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    problems = [Problem(pointer(e.absolute_path), _message(e), line) for e in errors]
    return problems or [Problem(p, m, line) for p, m in _semantic_problems(document, max_chars, verdict_keys)]


def _message(error):
    if error.validator == "oneOf" and error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error.message if len(error.message) < 300 else error.message[:297] + "..."


def _semantic_problems(document, max_chars, verdict_keys):
    text = document["article"]["text"]
    if normalize_text(text) != text:
        yield "/article/text", "The text is not canonical (NFC, \\n line ends, no control characters, trimmed)."
    if len(text) > max_chars:
        yield "/article/text", f"The text has {len(text):,} characters; this instance allows {max_chars:,}."
    yield from _duplicate_ids(document)
    for index, claim in enumerate(document["claims"]):
        yield from _claim_problems(f"/claims/{index}", claim, text, verdict_keys)
    if document["article"].get("state") == "signed_off" and not _live_sign_off(document):
        yield "/article/state", "A signed-off article needs a sign-off that was not reopened."


def _duplicate_ids(document):
    seen = {}
    for index, claim in enumerate(document["claims"]):
        where = f"/claims/{index}/id"
        if claim["id"] in seen:
            yield where, f"Claim id {claim['id']} is used twice (first at {seen[claim['id']]})."
        seen.setdefault(claim["id"], where)
    sources = {}
    for index, claim in enumerate(document["claims"]):
        for position, source in enumerate(claim.get("sources", [])):
            where = f"/claims/{index}/sources/{position}/id"
            if source["id"] in sources:
                yield where, f"Source id {source['id']} is used twice (first at {sources[source['id']]})."
            sources.setdefault(source["id"], where)


def _claim_problems(where, claim, text, verdict_keys):
    start, end = claim["start"], claim["end"]
    if not start < end <= len(text):
        yield f"{where}/end", f"The span {start}-{end} is not inside the text of {len(text)} characters."
    elif claim["quote"] != text[start:end]:
        yield f"{where}/quote", f"The quote differs from the text between {start} and {end}."
    verdict = claim.get("verdict")
    if verdict and verdict["key"] not in verdict_keys:
        yield f"{where}/verdict/key", f"Unknown verdict {verdict['key']!r}; add it to the verdict scale first."


def _live_sign_off(document):
    sign_offs = document["sign_offs"]
    return bool(sign_offs) and not sign_offs[-1].get("reopened_at")


def check_all(parsed, max_chars):
    """Return the problems of every parsed document."""
    keys = frozenset(db.session.scalars(select(Verdict.key)))
    return [p for line, document in parsed for p in check(document, line, max_chars, keys)]


def refuse(problems):
    """Raise InvalidInput listing every problem by where it is."""
    fields = {}
    for problem in problems[:MAX_LISTED_ERRORS]:
        fields.setdefault(problem.where, []).append(problem.message)
    more = f" (the first {MAX_LISTED_ERRORS} are listed)" if len(problems) > MAX_LISTED_ERRORS else ""
    count = "1 problem" if len(problems) == 1 else f"{len(problems):,} problems"
    first = problems[0]
    raise InvalidInput(f"Nothing was imported: the file has {count}{more}. First, at "
                       f"{first.where or 'the top'}: {first.message}", fields)


# --- writing ----------------------------------------------------------------------------------

class People:
    """Resolve the people a document names to this instance's accounts, creating inactive ones."""

    def __init__(self, actor):
        self.actor = actor
        self.ids = {}

    def id_of(self, person, default=None):
        if person is None:
            return default
        key = person["username"].lower()
        if key not in self.ids:
            self.ids[key] = self._find_or_create(person)
        return self.ids[key]

    def _find_or_create(self, person):
        found = db.session.scalar(select(User.id).where(func.lower(User.username) == person["username"].lower()))
        if found is not None:
            return found
        user = accounts.create_user(person["username"], secrets.token_urlsafe(32), "annotator",
                                    person.get("display_name", ""), actor=self.actor)
        accounts.update_user(self.actor, user, "annotator", False)
        return user.id


def _time(value, default=None):
    return datetime.fromisoformat(value) if value else (default or utcnow())


def _date(value):
    return date.fromisoformat(value) if value else None


def import_file(actor, data, *, max_bytes, max_chars):
    """Check a whole file, then import every document in it; return the new articles."""
    parsed, problems = parse(data, max_bytes)
    problems += check_all(parsed, max_chars)
    if not parsed and not problems:
        problems = [Problem("", "The file holds no document.")]
    if problems:
        refuse(problems)
    people = People(actor)
    return [write(actor, document, people) for _, document in parsed]


def write(actor, document, people):
    """Create the article of a checked document with all it carries, and record the import."""
    # A restore, not new work: states and times are copied as they were, not moved through
    # the review transitions, and the copied history says how they got there.
    article = _write_article(actor, document["article"], people)
    ids = {"article": {document["article"]["id"]: article.id}}
    ids["revision"] = _write_revisions(article, document["article"], people)
    ids["claim"], ids["source"] = _write_claims(article, document["claims"], people)
    ids["sign_off"] = ids["signoff"] = _write_sign_offs(article, document["sign_offs"], people)
    _write_history(article, document["history"], ids, people)
    record_event(actor, "article", "import", article_id=article.id, entity_id=article.id,
                 new={"format": FORMAT, "exported_id": document["article"]["id"]})
    return article


def _write_article(actor, a, people):
    article = Article(
        title=a["title"], byline=a.get("byline", ""), outlet=a.get("outlet", ""), url=a.get("url", ""),
        published_on=_date(a.get("published_on")), language=a.get("language", "en"), text=a["text"],
        revision_number=a.get("revision", 1), state=a.get("state", "annotating"),
        created_by_id=people.id_of(a.get("created_by"), actor.id),
        created_at=_time(a.get("created_at")), updated_at=_time(a.get("updated_at")),
    )
    db.session.add(article)
    db.session.flush()
    return article


def _write_revisions(article, a, people):
    given = a.get("revisions") or [{"number": 1, "text": a["text"], "note": "Imported"}]
    rows = [(r.get("id"), Revision(article_id=article.id, number=r["number"], text=r["text"],
                                   note=r.get("note", ""), created_at=_time(r.get("created_at")),
                                   created_by_id=people.id_of(r.get("created_by"), article.created_by_id)))
            for r in given]
    return _flushed(rows)


def _flushed(rows):
    """Add (old id, model) pairs, flush once, and return old id -> new id."""
    db.session.add_all(model for _, model in rows)
    db.session.flush()
    return {old: model.id for old, model in rows if old is not None}


def _write_claims(article, claims, people):
    rows = [(c["id"], _claim(article, c, people)) for c in claims]
    claim_ids = _flushed(rows)
    sources = [(s["id"], _source(claim_ids[c["id"]], position, s))
               for c in claims for position, s in enumerate(c.get("sources", []))]
    return claim_ids, _flushed(sources)


def _claim(article, c, people):
    context = quote_at(article.text, c["start"], c["end"])
    verdict = c.get("verdict")
    return Claim(
        article_id=article.id, start=c["start"], end=c["end"], quote=c["quote"],
        prefix=c.get("prefix", context.prefix), suffix=c.get("suffix", context.suffix),
        claimant=c.get("claimant", ""), verdict_key=verdict["key"] if verdict else None,
        notes=c.get("notes", ""), origin=c.get("origin", "manual"), score=c.get("score"),
        reasons=list(c.get("reasons", [])), review_state=c.get("review_state", "open"),
        reviewer_comment=c.get("reviewer_comment", ""), anchor_state=c.get("anchor_state", "anchored"),
        anchor_method=c.get("anchor_method", ""),
        created_by_id=people.id_of(c.get("created_by")), created_at=_time(c.get("created_at")),
        updated_by_id=people.id_of(c.get("updated_by")), updated_at=_time(c.get("updated_at")),
    )


def _source(claim_id, position, s):
    return Source(
        claim_id=claim_id, position=position, url=s["url"], title=s.get("title", ""),
        publisher=s.get("publisher", ""), published_on=_date(s.get("published_on")),
        passage=s.get("passage", ""), relation=s.get("relation", "supports"),
        archive_url=s.get("archive_url", ""), created_at=_time(s.get("created_at")),
    )


def _write_sign_offs(article, sign_offs, people):
    rows = [(s.get("id"), SignOff(
        article_id=article.id, reviewer_id=people.id_of(s["reviewer"], article.created_by_id),
        signed_at=_time(s["signed_at"]), content_hash=s["content_hash"], self_review=s.get("self_review", False),
        reopened_at=_time(s["reopened_at"]) if s.get("reopened_at") else None,
        reopened_by_id=people.id_of(s.get("reopened_by")), reopen_reason=s.get("reopen_reason", ""),
    )) for s in sign_offs]
    return _flushed(rows)


def _write_history(article, history, ids, people):
    db.session.add_all(Event(
        at=_time(e["at"]), actor_id=people.id_of(e.get("actor")), article_id=article.id,
        claim_id=ids["claim"].get(e.get("claim_id")), entity=e["entity"],
        entity_id=ids.get(e["entity"], {}).get(e.get("entity_id")), action=e["action"],
        field=e.get("field", ""), old=e.get("old"), new=e.get("new"),
    ) for e in history)
    db.session.flush()


# --- round trip -------------------------------------------------------------------------------

def comparable(document, imported=False):
    """Return document without what may differ after an import (see the module docstring)."""
    doc = json.loads(json.dumps(document))
    doc.pop("exported_at", None)
    doc.pop("generator", None)
    if imported:
        doc["history"] = doc["history"][:-1]
    ids = {"article": {doc["article"].pop("id"): 1}}
    ids["revision"] = _renumber(doc["article"].get("revisions", []))
    ids["claim"] = _renumber(doc["claims"])
    ids["source"] = _renumber([s for c in doc["claims"] for s in c.get("sources", [])])
    ids["sign_off"] = ids["signoff"] = _renumber(doc["sign_offs"])
    for event in doc["history"]:
        event["claim_id"] = ids["claim"].get(event.get("claim_id"))
        event["entity_id"] = ids.get(event["entity"], {}).get(event.get("entity_id"))
    return doc


def _renumber(items):
    numbers = {item.pop("id", None): number for number, item in enumerate(items, 1)}
    numbers.pop(None, None)
    return numbers
