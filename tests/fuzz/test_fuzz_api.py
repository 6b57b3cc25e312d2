"""Fuzzing every JSON API body: arbitrary JSON objects, keyed mostly by the names the forms know,
sent to every POST/PATCH/PUT/DELETE rule under /api/v1 (taken from the url_map, so new routes
are fuzzed too). The answer is always a clear 4xx or a success, never a 500."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import Field

from annotator.extensions import db
from tests.forms_catalogue import form_classes

WRITES = {"POST", "PATCH", "PUT", "DELETE"}
EXAMPLES_PER_ROUTE = 12
FIELD_NAMES = sorted({name for form in form_classes().values()
                      for name, field in vars(form).items() if hasattr(field, "field_class")
                      and issubclass(field.field_class, Field)} | {"version", "start", "end", "verdict", "decision"})
# Any code point, NUL and lone surrogates included: JSON carries both, no column stores either.
scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats()
           | st.text(st.characters(exclude_categories=()), max_size=30)
           | st.sampled_from(["", "0", "1", "-1", "²", "١٢", "2024-02-30", "accurate", "https://example.org/",
                              "x" * 3000, "a\x00b", "\ud800"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                           max_size=3), max_leaves=6)
bodies = st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), values, max_size=6)


def api_write_rules(app):
    return sorted(((m, r.rule) for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")
                   for m in r.methods & WRITES), key=str)


def concrete(rule, ids):
    path = re.sub(r"<any\(\s*([^,)\s]+)[^>]*>", r"\1", rule)
    return re.sub(r"<(?:[^:>]+:)?([a-z_]+)>", lambda m: str(ids.get(m.group(1), 1)), path)


def test_every_api_body_gets_an_answer_below_500(app, admin, make_article, make_claim):
    from annotator.services.accounts import create_api_token

    article = make_article()
    claim = make_claim(article, quote="$4 million")
    _, token = create_api_token(admin, "fuzz")
    db.session.commit()
    ids = {"article_id": article.id, "claim_id": claim.id, "source_id": 1, "number": 1}
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    routes = api_write_rules(app)
    assert len(routes) > 15
    for method, rule in routes:
        fuzz_route(client, headers, method, concrete(rule, ids))


def fuzz_route(client, headers, method, path):
    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(body=bodies, query=st.dictionaries(st.sampled_from(["version", "format", "page"]),
                                              st.text(max_size=6) | st.sampled_from(["²", "\x00", "٣"])))
    def one(body, query):
        response = client.open(path, method=method, json=body, headers=headers, query_string=query)
        assert response.status_code < 500, f"{method} {path} {body!r}: {response.text[:300]}"

    one()


def test_non_object_and_broken_bodies_are_refused_clearly(app, admin, make_article):
    from annotator.services.accounts import create_api_token

    article = make_article()
    _, token = create_api_token(admin, "fuzz")
    db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    for method, rule in api_write_rules(app):
        path = concrete(rule, {"article_id": article.id})
        for data, kind in (("[1, 2]", "application/json"), ("{", "application/json"), ("\xff", "text/plain"),
                           ('"text"', "application/json"), ("null", "application/json"),
                           ("[" * 100_000, "application/json"), ('{"a":' * 20_000, "application/json"),
                           ('{"title": "\\u0000"}', "application/json"), ('{"t\\ud800": 1}', "application/json")):
            response = client.open(path, method=method, data=data, content_type=kind, headers=headers)
            assert response.status_code < 500, f"{method} {path} {data!r}: {response.text[:300]}"
