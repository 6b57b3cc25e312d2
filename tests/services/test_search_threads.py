"""Search over discussion comments (migration 0011) and the assignee filter, on the real index
(SQLite FTS5 here, PostgreSQL with ANNOTATOR_TEST_DATABASE_URL)."""
import pytest
from flask_migrate import downgrade, upgrade

from annotator.extensions import db
from annotator.models import User
from annotator.services import assignments, claims, threads
from annotator.services.search import SearchFilters, search

TEXT = ("The council spent $4 million on roads in 2023, the mayor said. "
        "Unemployment fell to 3.1 percent last spring, according to the ministry.")


def found(query, filters=SearchFilters()):
    return [(hit.kind, hit.claim_id, hit.article_id) for hit in search(query, filters).hits]


@pytest.fixture
def article(make_article):
    return make_article(TEXT, title="Where the road money went")


@pytest.fixture
def claim(article, make_claim):
    return make_claim(article, quote="The council spent $4 million on roads", claimant="Mayor Jane Doe",
                      verdict_key="false")


def test_a_comment_is_found_at_once_under_the_claim_its_thread_is_on(admin, article, claim):
    threads.post_comment(admin, "The treasurer's ledger shows a different figure", claim_id=claim.id)
    # Not committed: the index follows the write inside its own transaction.
    assert found("treasurer ledger") == [("comment", claim.id, article.id)]
    hit = search("ledger").hits[0]
    assert (hit.kind_noun, hit.verdict_key, hit.claimant) == ("Comment", "false", "Mayor Jane Doe")
    assert ("ledger", True) in hit.snippet
    assert "".join(piece for piece, _ in hit.heading) == "The council spent $4 million on roads"


def test_a_comment_on_the_article_has_no_claim_and_says_so(admin, article):
    threads.post_comment(admin, "Who wrote the headline?", article_id=article.id)
    hit = search("headline").hits[0]
    assert (hit.kind, hit.claim_id, hit.article_id) == ("comment", None, article.id)
    assert hit.heading == [("Discussion of the article", False)]


def test_an_edited_comment_is_found_by_its_new_words_only(admin, claim):
    comment = threads.post_comment(admin, "Call the zebra office", claim_id=claim.id)
    threads.edit_comment(admin, comment.id, "Call the giraffe office")
    assert found("zebra") == []
    assert [kind for kind, *_ in found("giraffe")] == ["comment"]


def test_comments_leave_the_index_with_their_claim(admin, article, claim):
    threads.post_comment(admin, "A zebra crossing is meant", claim_id=claim.id)
    claim = claims.get_claim(claim.id)
    claims.delete_claim(admin, claim.id, claim.version)
    assert found("zebra") == []


def test_claim_filters_and_the_kind_filter_apply_to_comments(admin, article, claim):
    threads.post_comment(admin, "Budget ledger attached", claim_id=claim.id)
    threads.post_comment(admin, "Ledger for the article", article_id=article.id)
    assert found("ledger", SearchFilters(verdict="false")) == [("comment", claim.id, article.id)]
    assert found("ledger", SearchFilters(verdict="accurate")) == []
    assert len(found("ledger", SearchFilters(kinds=("comment",)))) == 2
    assert found("ledger", SearchFilters(kinds=("claim",))) == []


def test_the_assignee_filter_keeps_the_articles_that_person_works_on(admin, make_user, make_article):
    reporter, other = make_user("reviewer", "reporter"), make_user("annotator", "other")
    mine = make_article("Water rates rose in May.", title="Mine")
    theirs = make_article("Water rates fell in June.", title="Theirs")
    loose = make_article("Water rates held in July.", title="Nobody's")
    assignments.assign_article(admin, mine.id, ["reporter"])
    assignments.assign_article(admin, theirs.id, ["other"], reviewer_name="reporter")
    assert {a for *_, a in found("water", SearchFilters(assignee_id=reporter.id))} == {mine.id, theirs.id}
    assert {a for *_, a in found("water", SearchFilters(assignee_id=other.id))} == {theirs.id}
    assert {a for *_, a in found("water", SearchFilters(unassigned=True))} == {loose.id}
    assert len(found("water")) == 3


def test_the_migration_indexes_comments_written_before_it(app, admin, claim):
    threads.post_comment(admin, "An old ledger comment", claim_id=claim.id)
    claim_id, article_id, admin_id = claim.id, claim.article_id, admin.id
    db.session.commit()
    directory = app.extensions["migrate"].directory
    db.session.remove()
    downgrade(directory=directory, revision="0011-1")
    assert found("ledger") == []
    db.session.remove()
    upgrade(directory=directory)
    assert found("ledger") == [("comment", claim_id, article_id)]
    threads.post_comment(db.session.get(User, admin_id), "A new ledger comment", claim_id=claim_id)
    assert len(found("ledger")) == 2


def test_past_the_ranked_matches_the_count_says_more_and_pages_stop(make_article, monkeypatch):
    from annotator.services import search as service

    monkeypatch.setattr(service, "SEARCH_RANKED_MATCHES", 30)  # rather than 1,000 articles
    for i in range(35):
        make_article(f"Pothole number {i} on Main Street.", title=f"Pothole {i}")
    first, second = search("pothole"), search("pothole", page=2)
    assert (first.matched, first.capped, len(first.hits), first.has_next) == (30, True, 20, True)
    assert (len(second.hits), second.has_next) == (10, False)
    few = search("pothole number 7")
    assert (few.matched, few.capped) == (1, False)
