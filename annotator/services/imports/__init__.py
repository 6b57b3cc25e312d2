"""Import the native format claim-annotator/1: a document or JSON Lines, all or nothing.

Everything is checked first (the JSON Schema, then what a schema cannot say: offsets inside the
text, quote equal to text[start:end], unique ids, known verdicts); every problem is listed with its
JSON Pointer, and nothing is written unless the whole file is valid.

Round trip: exporting what was imported gives the same document except for these fields, which
`comparable` sets aside: `exported_at` and `generator`; every database id (article, claim, source,
revision and sign-off `id`, and the `entity_id`/`claim_id` of history events, which follow the new
ids; an event about a claim or source deleted before the export loses that link and becomes null);
and the history gains one `import` event at its end; history events and sign-offs come back
marked `imported`. Those keep the names they carry (never a local account: a crafted file cannot
make a local person sign off or act); the importer's own act is the `import` event, which counts
as their contribution to every claim for the four-eyes rule. The authors of the article, its
revisions and claims are matched by username; a person this instance does not know becomes an
inactive account (display name kept) that cannot sign in. The state must agree with the sign-offs
(only the last may be in force, and it is in force exactly when the article is signed off), and
the sign-off's content hash (over its recorded terms too, when it has them) must match.
"""
from annotator import permissions
from annotator.services.imports.check import Problem, check_all, parse, refuse
from annotator.services.imports.write import People, write


def import_file(actor, data, *, max_bytes):
    """Check a whole file, then import every document in it; return the new articles."""
    permissions.check(actor, "export.restore")
    parsed, problems = parse(data, max_bytes)
    problems += check_all(parsed)
    if not parsed and not problems:
        problems = [Problem("", "The file holds no document.")]
    if problems:
        refuse(problems)
    people = People(actor)
    return [write(actor, document, people) for _, document in parsed]
