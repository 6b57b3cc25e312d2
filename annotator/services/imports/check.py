"""Check a file of the native format before anything is written: parse it (a document or JSON
Lines), then every problem of every document, each with its JSON Pointer; and `comparable`, what
a round trip keeps (see the package's docstring)."""
import functools
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from annotator.extensions import db
from annotator.limits import IMPORT_LISTED_PROBLEMS, article_max_chars
from annotator.models import Verdict
from annotator.services.exports import threads as exports_threads
from annotator.services.errors import InvalidInput
from annotator.services.imports.write import as_article
from annotator.services.native_format import FORMAT, schema
from annotator.services.signoff import content_hash
from annotator.text.normalize import normalize_text
from annotator.text.storable import MAX_JSON_DEPTH, find_unstorable, nesting_depth



def _on_strings(parse):
    """Check a format on strings only; the schema's "type" refuses the rest (a number was a 500)."""
    return lambda value: not isinstance(value, str) or bool(parse(value))


@functools.cache
def _validator():
    """Return the native format's validator, made on the first import checked (jsonschema is not
    loaded at start: README, Benchmarks)."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("date-time", raises=ValueError)(_on_strings(datetime.fromisoformat))
    formats.checks("date", raises=ValueError)(_on_strings(date.fromisoformat))
    return Draft202012Validator(schema(), format_checker=formats)


@dataclass(frozen=True)
class Problem:
    """One reason an import is refused: where (a JSON Pointer, and the line for JSON Lines) and why."""

    pointer: str
    message: str
    line: int | None = None

    @property
    def where(self):
        return self.pointer if self.line is None else f"line {self.line}: {self.pointer}"


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
    if nesting_depth(text) > MAX_JSON_DEPTH:  # refused before the decoder recurses into it
        return [], [Problem("", f"The JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels).")]
    document, problem = _loads(text)
    if problem is None:
        return [(None, document)], []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    # JSON Lines when its first line is a document of its own; else one broken (pretty) document.
    if len(lines) <= 1 or _loads(lines[0][1])[1] is not None:
        return [], [problem]
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

def check(document, line=None, verdict_keys=frozenset()):
    """Return every problem of one document: the schema first, then what a schema cannot say."""
    if (unstorable := find_unstorable(document)) is not None:
        # First, and alone: no column stores it, and a message quoting it could not be shown.
        path, reason = unstorable
        return [Problem(pointer(path), f"This text {reason}; remove it and import again.", line)]
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        return [Problem("/format", f"Expected format {FORMAT!r}, found {found!r}.", line)]
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    problems = [Problem(pointer(e.absolute_path), _message(e), line) for e in errors]
    return problems or [Problem(p, m, line) for p, m in _semantic_problems(document, verdict_keys)]


def _message(error):
    if error.validator == "oneOf" and error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error.message if len(error.message) < 300 else error.message[:297] + "..."


def _semantic_problems(document, verdict_keys):
    text = document["article"]["text"]
    problems = list(_text_problems(text)) + list(_duplicate_ids(document))
    for index, claim in enumerate(document["claims"]):
        problems += _claim_problems(f"/claims/{index}", claim, text, verdict_keys)
    # The hash can only be computed over claims that are inside the text.
    return problems or list(_sign_off_problems(document))


def _text_problems(text):
    if normalize_text(text) != text:
        yield "/article/text", "The text is not canonical (NFC, \\n line ends, no control characters, trimmed)."
    if len(text) > (max_chars := article_max_chars()):
        yield "/article/text", f"The text has {len(text):,} characters; this instance allows {max_chars:,}."


def _sign_off_problems(document):
    """Say where the article's state and its sign-offs disagree: only the last sign-off may be in
    force, it is in force exactly when the article is signed off, and its hash must match."""
    sign_offs, state = document["sign_offs"], document["article"].get("state", "annotating")
    live, last = _live_sign_off(document), len(sign_offs) - 1
    for index, earlier in enumerate(sign_offs[:-1]):
        if not earlier.get("reopened_at"):
            yield (f"/sign_offs/{index}/reopened_at",
                   "Only the last sign-off can be in force; an earlier one must have been reopened (give reopened_at).")
    if state == "signed_off" and not live:
        yield "/article/state", "A signed-off article needs a sign-off that was not reopened."
    elif state != "signed_off" and live:
        yield (f"/sign_offs/{last}/reopened_at",
               f"The article is {state.replace('_', ' ')}, but its last sign-off was never reopened: "
               "either the article is signed off, or that sign-off needs reopened_at.")
    elif live and content_hash(as_article(document), live.get("terms")) != live["content_hash"]:
        yield (f"/sign_offs/{last}/content_hash",
               "The article and claims differ from what was signed off (the content hash does not match).")


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
    numbers = {}
    for index, revision in enumerate(document["article"].get("revisions", [])):
        where = f"/article/revisions/{index}/number"
        if revision["number"] in numbers:
            yield where, f"Revision {revision['number']} appears twice (first at {numbers[revision['number']]})."
        numbers.setdefault(revision["number"], where)


def _claim_problems(where, claim, text, verdict_keys):
    start, end, problems = claim["start"], claim["end"], []
    if not start < end <= len(text):
        problems.append((f"{where}/end", f"The span {start}-{end} is not inside the text of {len(text)} characters."))
    elif claim["quote"] != text[start:end]:
        problems.append((f"{where}/quote", f"The quote differs from the text between {start} and {end}."))
    verdict = claim.get("verdict")
    if verdict and verdict["key"] not in verdict_keys:
        problems.append((f"{where}/verdict/key",
                         f"Unknown verdict {verdict['key']!r}; add it to the verdict scale first."))
    return problems


def _live_sign_off(document):
    sign_offs = document["sign_offs"]
    return sign_offs[-1] if sign_offs and not sign_offs[-1].get("reopened_at") else None


def check_all(parsed):
    """Return the problems of every parsed document."""
    keys = frozenset(db.session.scalars(select(Verdict.key)))
    return [p for line, document in parsed for p in check(document, line, keys)]


def refuse(problems):
    """Raise InvalidInput listing every problem by where it is."""
    fields = {}
    for problem in problems[:IMPORT_LISTED_PROBLEMS]:
        fields.setdefault(problem.where, []).append(problem.message)
    more = f" (the first {IMPORT_LISTED_PROBLEMS} are listed)" if len(problems) > IMPORT_LISTED_PROBLEMS else ""
    count = "1 problem" if len(problems) == 1 else f"{len(problems):,} problems"
    first = problems[0]
    raise InvalidInput(f"Nothing was imported: the file has {count}{more}. First, at "
                       f"{first.where or 'the top'}: {first.message}", fields)


# --- round trip -------------------------------------------------------------------------------

def comparable(document, imported=False):
    """Return document without what may differ after an import (see the module docstring)."""
    doc = json.loads(json.dumps(document))
    doc.pop("exported_at", None)
    doc.pop("generator", None)
    if imported:
        doc["history"] = doc["history"][:-1]
    for record in doc["history"] + doc["sign_offs"]:
        record.pop("imported", None)
    ids = {"article": {doc["article"].pop("id"): 1}}
    ids["revision"] = _renumber(doc["article"].get("revisions", []))
    ids["claim"] = _renumber(doc["claims"])
    for claim in doc["claims"]:  # a claimant record has this instance's number
        claim.get("claimant_record", {}).pop("id", None)
    ids["source"] = _renumber([s for c in doc["claims"] for s in c.get("sources", [])])
    ids["sign_off"] = ids["signoff"] = _renumber(doc["sign_offs"])
    exports_threads.comparable_threads(doc, ids["claim"])
    for event in doc["history"]:
        event["claim_id"] = ids["claim"].get(event.get("claim_id"))
        event["entity_id"] = ids.get(event["entity"], {}).get(event.get("entity_id"))
    return doc


def _renumber(items):
    numbers = {item.pop("id", None): number for number, item in enumerate(items, 1)}
    numbers.pop(None, None)
    return numbers
