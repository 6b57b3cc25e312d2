"""The new routes (search, assignments) read numbers and names as strictly as the old ones."""
import json

import pytest

from annotator.extensions import db
from annotator.models import Assignment


@pytest.mark.parametrize("page", ["\u0663", "\u00b2", "\uff13"])  # Arabic-Indic 3, superscript 2, fullwidth 3
@pytest.mark.parametrize("path", ["/search", "/api/v1/search"])
def test_a_search_page_in_non_ascii_digits_is_refused(app, admin, login, world, path, page):
    client = app.test_client()
    login(admin, target=client)
    response = client.get(path, query_string={"q": "council", "page": page})
    assert response.status_code == 422


def test_one_person_named_twice_in_other_case_is_assigned_once(app, admin, login, world, make_user):
    make_user("annotator", username="anna")
    client = app.test_client()
    login(admin, target=client)
    body = {"annotators": ["anna", "ANNA", "Anna"]}
    response = client.put(f"/api/v1/articles/{world['article_id']}/assignment", data=json.dumps(body),
                          content_type="application/json")
    assert response.status_code == 200, response.text
    assert len(response.json["data"]["annotators"]) == 1
    rows = db.session.scalars(db.select(Assignment).where(Assignment.article_id == world["article_id"])).all()
    assert len(rows) == 1


@pytest.mark.parametrize("body", [
    {"annotators": ["anna"], "due_on": "\u0662\u0660\u0663\u0660-01-01"},  # 2030 in Arabic-Indic digits
    {"annotators": ["anna"], "due_on": "\uff12\uff10\uff13\uff10-01-01"},  # fullwidth
], ids=["arabic-indic", "fullwidth"])
def test_a_due_date_in_non_ascii_digits_is_refused(app, admin, login, world, make_user, body):
    make_user("annotator", username="anna")
    client = app.test_client()
    login(admin, target=client)
    response = client.put(f"/api/v1/articles/{world['article_id']}/assignment", data=json.dumps(body),
                          content_type="application/json")
    assert response.status_code == 422, response.text


def test_a_claim_span_in_non_ascii_digits_is_refused(app, admin, login, world):
    client = app.test_client()
    login(admin, target=client)
    response = client.post(f"/api/v1/articles/{world['article_id']}/claims", json={"start": "\u0660", "end": "\u0663"})
    assert response.status_code == 422, response.text
