"""Assignment pages and API, My work, the navigation's count and the article list's query string."""
import re
from datetime import date, timedelta

import pytest

from annotator.extensions import db
from annotator.services import assignments
from annotator.services.articles import import_article

SOON = (date.today() + timedelta(days=3)).isoformat()


@pytest.fixture
def people(make_user):
    return {"editor": make_user("reviewer", "rita"), "ana": make_user("annotator", "ana"),
            "rex": make_user("reviewer", "rex")}


def put(client, article, **body):
    return client.put(f"/api/v1/articles/{article.id}/assignment", json=body)


def test_editor_assigns_on_the_page_and_the_article_shows_it(people, as_user, make_article):
    article = make_article(title="Budget story")
    editor = as_user(people["editor"])
    form = editor.get(f"/articles/{article.id}/assignment")
    assert form.status_code == 200 and 'name="annotators"' in form.text
    response = editor.post(f"/articles/{article.id}/assignment",
                           data={"annotators": ["ana"], "reviewer": "rex", "due_on": SOON, "priority": "high"})
    assert response.status_code == 302
    box = re.search(r'<section class="assignment-box".*?</section>', editor.get(f"/articles/{article.id}").text, re.S)
    facts = re.sub(r"<[^>]+>", "", box.group(0))
    assert "Annotatorsana" in facts and "Reviewerrex" in facts and SOON in facts and "Priorityhigh" in facts
    assert "Reassign" in facts


def test_the_assignment_page_shows_field_errors(people, as_user, make_article):
    article = make_article()
    editor = as_user(people["editor"])
    response = editor.post(f"/articles/{article.id}/assignment",
                           data={"annotators": ["ana"], "reviewer": "ana", "due_on": "2001-01-01"})
    assert response.status_code == 422
    assert "in the past" in response.text


def test_unassign_on_the_page(people, as_user, make_article):
    article = make_article()
    editor = as_user(people["editor"])
    assert put(editor, article, annotators=["ana"]).status_code == 200
    assert editor.post(f"/articles/{article.id}/assignment/delete").status_code == 302
    assert assignments.get_assignment(article.id).is_empty


def test_api_assigns_and_reads_back(people, as_user, make_article):
    article = make_article()
    editor = as_user(people["editor"])
    response = put(editor, article, annotators=["ana"], reviewer="rex", due_on=SOON, priority="urgent")
    assert response.status_code == 200, response.json
    data = editor.get(f"/api/v1/articles/{article.id}/assignment").json["data"]
    assert [a["username"] for a in data["annotators"]] == ["ana"]
    assert (data["reviewer"]["username"], data["due_on"], data["priority"]) == ("rex", SOON, "urgent")
    assert editor.delete(f"/api/v1/articles/{article.id}/assignment").json["data"] is None


@pytest.mark.parametrize("body,field,words", [
    ({"annotators": ["ghost"]}, "annotators", "No account is named"),
    ({"annotators": ["gone"]}, "annotators", "deactivated"),
    ({"annotators": ["ana"], "reviewer": "ana"}, "reviewer", "cannot review"),
    ({"annotators": ["ana"], "due_on": "2001-01-01"}, "due_on", "in the past"),
    ({"annotators": ["ana"], "due_on": "tomorrow"}, "due_on", "date"),
    ({"annotators": ["ana"], "priority": "asap"}, "priority", "Unknown priority"),
    ({"annotators": []}, "annotators", "at least one"),
    ({"annotators": "ana"}, "annotators", "list of usernames"),
    ({"annotators": [1, 2]}, "annotators", "list of usernames"),
    ({"annotators": ["ana"], "reviewer": ["rex"]}, "reviewer", "single value"),
])
def test_api_refuses_bad_input_with_a_field_message(people, make_user, as_user, make_article, body, field, words):
    make_user("annotator", "gone", active=False)
    response = put(as_user(people["editor"]), make_article(), **body)
    assert response.status_code == 422
    assert words in " ".join(response.json["error"]["fields"][field])


def test_api_refuses_an_annotator_assigning(people, as_user, make_article):
    response = put(as_user(people["ana"]), make_article(), annotators=["ana"])
    assert response.status_code == 403


def test_my_work_shows_the_assigned_article_and_the_nav_counts_it(people, as_user, make_article):
    article = make_article(title="Assigned to Ana")
    put(as_user(people["editor"]), article, annotators=["ana"], reviewer="rex", due_on=SOON)
    ana = as_user(people["ana"])
    page = ana.get("/my-work").text
    assert "Assigned to Ana" in page and f"/articles/{article.id}" in page
    nav = re.search(r'<nav aria-label="Main">.*?</nav>', ana.get("/").text, re.S).group(0)
    assert re.search(r'My work <span class="nav-count">1<span class="visually-hidden"> to do', nav)
    data = ana.get("/api/v1/my-work").json["data"]
    assert data[0]["key"] == "assigned" and data[0]["items"][0]["article_id"] == article.id


def test_the_nav_count_costs_one_statement_a_page(people, as_user, make_article, count_queries):
    ana = as_user(people["ana"])
    ana.get("/account")
    with count_queries() as counter:
        ana.get("/account")
    assert sum("assignments" in s for s in counter.statements) == 1


# --- the article list -------------------------------------------------------------------------

def test_list_shows_assignee_due_date_overdue_in_words_and_progress(people, as_user, admin, make_article):
    article = make_article(title="Late story")
    assignments.assign_article(people["editor"], article.id, ["ana"], "rex", date.today() - timedelta(days=2),
                               "high", today=date.today() - timedelta(days=5))
    db.session.commit()
    row = re.search(r"<tr class=\"is-overdue\">.*?</tr>", as_user(admin).get("/").text, re.S).group(0)
    assert "Late story" in row and "ana" in row and "review: rex" in row
    assert "<strong>Overdue</strong>" in row and 'class="due overdue"' in row
    assert "0/0 rated · 0/0 approved" in row


@pytest.mark.parametrize("query", [
    "page=%C2%B2", "page=0", "page=%D9%A3", "page=-1", "page=99999999999", "sort=bogus", "state=lost",
    "due=later", "assignee=ghost", "outlet=Nowhere", "per_page=1000", "q=" + "x" * 201,
])
def test_list_refuses_bad_query_values(as_user, admin, make_article, query):
    make_article()
    client = as_user(admin)
    page = client.get("/?" + query)
    assert 400 <= page.status_code < 500, query
    api = client.get("/api/v1/articles?" + query)
    assert api.status_code == 422 and api.json["error"]["fields"], query


def test_list_page_past_the_last_is_404(as_user, admin, make_article):
    make_article()
    assert as_user(admin).get("/?page=2").status_code == 404


def test_list_filters_search_and_pages_in_the_page_and_the_api(as_user, admin, app):
    for i in range(55):
        import_article(admin, "Some words.", title=f"Story {i:02d}", outlet="Herald" if i % 5 == 0 else "Gazette")
    db.session.commit()
    client = as_user(admin)
    first = client.get("/?sort=title").text
    assert "Story 00" in first and "Story 50" not in first and "page 1 of 2" in first
    assert 'rel="next" href="/?sort=title&amp;page=2"' in first
    assert "Story 54" in client.get("/?sort=title&page=2").text
    herald = client.get("/api/v1/articles?outlet=Herald&q=story+1")
    assert [a["title"] for a in herald.json["data"]] == ["Story 15", "Story 10"]
    assert herald.headers["X-Total-Count"] == "2"
    assert "No article matches" in client.get("/?q=nothing+like+this").text


def test_list_statement_count_does_not_grow_with_articles(people, as_user, admin, count_queries, make_article):
    client = as_user(admin)

    def statements_for(count):
        for i in range(count):
            article = import_article(admin, "Prices rose 10% in March.", title=f"Story {i}", outlet=f"Outlet {i}")
            db.session.flush()
            assignments.assign_article(people["editor"], article.id, ["ana"], "rex", None, "normal")
        db.session.commit()
        client.get("/")
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        return counter.count

    two = statements_for(2)
    assert statements_for(48) == two  # 2, then 50 articles
