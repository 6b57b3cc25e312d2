"""The OpenAPI description of /api/v1 (annotator/openapi.json, shipped in the package) covers
every API route, and schemathesis, generating requests from it against the WSGI app with a
bearer token, finds no 500. Kept small (a few examples an operation) so CI stays fast."""
import json
import re
from importlib import resources

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from annotator.extensions import db

EXAMPLES = 8


def spec():
    return json.loads(resources.files("annotator").joinpath("openapi.json").read_text())


def served_operations(app):
    """Return {(method, OpenAPI path)} of every /api/v1 rule in the url_map."""
    operations = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^>]*:)?([a-z_]+)>", r"{\1}", rule.rule)[len("/api/v1"):]
            operations |= {(m.lower(), path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return operations


def test_every_api_route_is_described(app):
    described = {(m, p) for p, item in spec()["paths"].items() for m in item}
    assert served_operations(app) - described == set(), "describe these routes in annotator/openapi.json"
    assert described - served_operations(app) == set(), "these described routes are not served"


def test_every_operation_answers_and_refuses_in_the_described_shapes():
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (method, path)
            assert set(re.findall(r"{([a-z_]+)}", path)) <= {p["name"] for p in operation.get("parameters", [])}


@pytest.fixture
def api(app, admin, make_article, make_claim):
    """The app, a bearer token of the admin's, and an article with a claim to aim at."""
    from annotator.services.accounts import create_api_token

    article = make_article()
    make_claim(article, quote="$4 million")
    _, token = create_api_token(admin, "schemathesis")
    db.session.commit()
    schema = schemathesis.openapi.from_dict(spec())
    schema.app = app
    return schema, {"Authorization": f"Bearer {token}"}


def test_schemathesis_finds_no_server_error(api):
    schema, headers = api
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        failures += run_operation(operation, headers)
    assert failures == []


def run_operation(operation, headers):
    failures = []

    # A 503 the operation describes is a refusal with the error shape (no live stream free), not a fault.
    described = spec()["paths"][operation.path][operation.method.lower()]["responses"]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(headers=headers)
        refused = response.status_code == 503 and "503" in described and "error" in response.json()
        if response.status_code >= 500 and not refused:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")

    check()
    return failures
