"""The search page and GET /api/v1/search: validation, escaping, links to the open claim."""
import pytest


@pytest.fixture
def claim(make_article, make_claim):
    article = make_article("The council spent $4 million on roads in 2023, the mayor said.", title="Road money")
    return make_claim(article, quote="spent $4 million", claimant="Mayor <script>alert(1)</script>",
                      verdict_key="false")


def test_the_page_without_a_query_shows_the_form(signed_in):
    response = signed_in.get("/search")
    assert response.status_code == 200
    assert 'name="q"' in response.text and "No results" not in response.text


def test_every_page_has_the_search_box_in_its_navigation(signed_in):
    page = signed_in.get("/").text
    assert 'role="search"' in page and 'action="/search"' in page


def test_a_result_links_to_the_article_with_the_claim_open(signed_in, claim):
    page = signed_in.get("/search", query_string={"q": "million"}).text
    assert f'href="/articles/{claim.article_id}#claim-{claim.id}"' in page
    assert '<mark class="hit">million</mark>' in page
    assert "2 results" in " ".join(page.split())


def test_user_text_in_snippets_is_escaped(signed_in, claim):
    page = signed_in.get("/search", query_string={"q": "mayor"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_filters_come_from_the_query_string(signed_in, claim):
    hits = signed_in.get("/api/v1/search", query_string={"q": "million", "verdict": "false", "kind": "claim"})
    assert [h["claim_id"] for h in hits.json["data"]["results"]] == [claim.id]
    none = signed_in.get("/api/v1/search", query_string={"q": "million", "verdict": "accurate"})
    assert none.json["data"]["results"] == []


def test_the_api_answers_pieces_to_escape_and_a_link(signed_in, claim):
    data = signed_in.get("/api/v1/search", query_string={"q": "million"}).json["data"]
    hit = next(h for h in data["results"] if h["kind"] == "claim")
    assert {"text": "million", "match": True} in hit["heading"]
    assert hit["url"] == f"/articles/{claim.article_id}#claim-{claim.id}"
    assert (data["page"], data["has_next"], hit["verdict"]) == (1, False, "false")
    assert (data["matched"], data["more_matched"]) == (2, False)


@pytest.mark.parametrize("args,field", [
    ({}, "q"),
    ({"q": ""}, "q"),
    ({"q": "-only"}, "q"),
    ({"q": "x" * 501}, "q"),
    ({"q": "a", "page": "0"}, "page"),
    ({"q": "a", "page": "many"}, "page"),
    ({"q": "a", "verdict": "nonsense"}, "verdict"),
    ({"q": "a", "kind": "threads"}, "kind"),
    ({"q": "a", "review_state": "lost"}, "review_state"),
    ({"q": "a", "assignee": "nobody-by-that-name"}, "assignee"),
    ({"q": "a", "published_from": "2024-13-01"}, "published_from"),
    ({"q": "a", "published_from": "2024-02-01", "published_until": "2024-01-01"}, "published_until"),
])
def test_bad_input_is_a_422_naming_the_field(signed_in, claim, args, field):
    api = signed_in.get("/api/v1/search", query_string=args)
    assert api.status_code == 422 and field in api.json["error"]["fields"], api.json
    if args:
        page = signed_in.get("/search", query_string=args)
        assert page.status_code == 422 and 'class="error"' in page.text


def test_a_nul_in_the_query_is_refused_before_the_search(signed_in, claim):
    # The request guard refuses NUL in any query argument, for every route, before a view runs.
    assert signed_in.get("/api/v1/search", query_string={"q": "a\x00b"}).status_code == 422
    assert signed_in.get("/search", query_string={"q": "a\x00b"}).status_code == 422


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "-", '" OR "', "a*b", "🎉" * 100, "%ED%A0%80", "%00", "%FF%FE"])
def test_engine_syntax_and_broken_bytes_are_never_a_server_error(signed_in, claim, q):
    from urllib.parse import quote

    encoded = q if q.startswith("%") else quote(q)
    assert signed_in.get(f"/api/v1/search?q={encoded}").status_code in (200, 422)
    assert signed_in.get(f"/search?q={encoded}").status_code in (200, 422)


def test_a_comment_links_to_its_claim_and_an_article_comment_to_the_discussion(signed_in, admin, claim):
    from annotator.services.threads import post_comment

    post_comment(admin, "Ledger on the claim", claim_id=claim.id)
    post_comment(admin, "Ledger on the article", article_id=claim.article_id)
    hits = signed_in.get("/api/v1/search", query_string={"q": "ledger", "kind": "comment"}).json["data"]["results"]
    assert sorted(h["url"] for h in hits) == [f"/articles/{claim.article_id}#claim-{claim.id}",
                                               f"/articles/{claim.article_id}#discussion"]
    page = signed_in.get("/search", query_string={"q": "ledger"}).text
    assert page.count('class="search-hit card kind-comment"') == 2 and '<mark class="hit">Ledger</mark>' in page


def test_the_assignee_filter_reads_me_a_name_and_nobody(signed_in, admin, make_user, claim):
    from annotator.services.assignments import assign_article

    make_user("annotator", "reporter")
    page = signed_in.get("/search", query_string={"q": "million"}).text
    assert '<select id="assignee" name="assignee">' in page and '<option value="reporter">' in page

    def articles(assignee):
        query = {"q": "million", "assignee": assignee}
        return {h["article_id"] for h in signed_in.get("/api/v1/search", query_string=query).json["data"]["results"]}

    assert articles("none") == {claim.article_id} and articles("me") == set()
    assign_article(admin, claim.article_id, ["reporter"], reviewer_name="admin")
    assert articles("reporter") == articles("me") == {claim.article_id}
    assert articles("none") == set()


def test_a_claim_and_a_comment_saved_through_the_api_are_found_by_the_next_request(signed_in, make_article):
    article = make_article("Ferry fares doubled since 2019, the harbour board said.", title="Fares")
    start = article.text.index("Ferry fares doubled")
    made = signed_in.post(f"/api/v1/articles/{article.id}/claims",
                          json={"start": start, "end": start + len("Ferry fares doubled"), "claimant": "Harbour board"})
    assert made.status_code == 201
    claim_id = made.json["data"]["id"]

    def search(q):
        hits = signed_in.get("/api/v1/search", query_string={"q": q}).json["data"]["results"]
        return [(h["kind"], h["claim_id"]) for h in hits]

    assert ("claim", claim_id) in search("harbour board")
    posted = signed_in.post(f"/api/v1/claims/{claim_id}/thread", json={"body": "Timetable archive agrees"})
    assert posted.status_code == 201, posted.json
    assert search("timetable archive") == [("comment", claim_id)]


def test_anonymous_visitors_are_sent_to_sign_in(client, admin):
    assert client.get("/search", query_string={"q": "x"}).status_code == 302
    assert client.get("/api/v1/search", query_string={"q": "x"}).status_code == 401
