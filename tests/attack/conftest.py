"""What the attack tests share: one of everything a route can name, marked with secrets, and
every rule of the url_map turned into a request (so a new route is attacked without a new test)."""
import re
import sys

import pytest

from annotator.extensions import db
from annotator.models import Event
from annotator.services import review

# Strings that only the data behind the ids holds: a body that shows one has leaked it.
SECRETS = ("SECRET-TITLE-7f3a", "SECRET-BODY-7f3a", "SECRET-NOTES-7f3a", "SECRET-SOURCE-7f3a")
MISSING_ID = 987654321
WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")
# Values for path arguments that are not ids.
NAMED_VALUES = {"decision": "accept", "fmt": "json", "number": 1}


@pytest.fixture
def submitted_article(make_article, make_claim, annotator):
    """Return a function: an article of text that the annotator annotated (each quote a claim
    rated accurate) and submitted for review; it returns (article id, claim ids)."""
    def submit(text, quotes):
        article = make_article(text=text, actor=annotator)
        ids = [make_claim(article, q, actor=annotator, verdict_key="accurate").id for q in quotes]
        review.submit_article(annotator, article.id)
        db.session.commit()
        return article.id, ids
    return submit


@pytest.fixture
def world(admin, make_article, make_claim):
    """An article, claim, source, revision and API token of the admin's, holding the secrets."""
    from annotator.services.accounts import create_api_token
    from annotator.services.sources import add_source

    article = make_article(text=f"The council spent $4 million on roads, {SECRETS[1]} said.", title=SECRETS[0])
    claim = make_claim(article, quote="$4 million", notes=SECRETS[2])
    source, _ = add_source(admin, claim.id, {"url": "https://example.org/a", "title": SECRETS[3]})
    token, _ = create_api_token(admin, "victim's token")
    db.session.commit()
    return {"article_id": article.id, "claim_id": claim.id, "source_id": source.id, "user_id": admin.id,
            "token_id": token.id, "verdict_id": 1}


def rules(app, methods=None, with_ids=False):
    """Return (method, rule) for every served rule, optionally only those with an int argument."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or (with_ids and not id_arguments(rule)):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if methods is None or method in methods:
                found.append((method, rule))
    return found


def id_arguments(rule):
    return [name for name, converter in rule._converters.items() if type(converter).__name__ == "IntegerConverter"
            and name not in NAMED_VALUES]


def path_for(rule, ids, missing=()):
    """Return a concrete path for rule: ids from the world, MISSING_ID for names in missing."""
    def value(match):
        name = match.group(2)
        if name in missing:
            return str(MISSING_ID)
        if name in ids:
            return str(ids[name])
        if match.group(1) and match.group(1).startswith("any("):
            return re.match(r"any\(\s*([^,)\s]+)", match.group(1)).group(1)
        return str(NAMED_VALUES.get(name, 1))
    return re.sub(r"<(?:([^:>]+):)?([a-z_]+)>", value, rule.rule)


def send(client, method, path, **kwargs):
    """Send an empty form (pages) or an empty JSON object (API)."""
    if method != "GET":
        kwargs.setdefault("json" if path.startswith("/api/") else "data", {})
    return client.open(path, method=method, **kwargs)


def leaked(response):
    """Return the secrets a response shows."""
    body = response.get_data(as_text=True)
    return [s for s in SECRETS if s in body]


def event_count():
    db.session.rollback()
    return db.session.scalar(db.select(db.func.count(Event.id)))


@pytest.fixture
def attack():
    """The helpers above, for the test modules (importlib mode cannot import a conftest)."""
    return sys.modules[__name__]
