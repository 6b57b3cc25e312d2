"""Search on the real index (SQLite FTS5 here, PostgreSQL with ANNOTATOR_TEST_DATABASE_URL):
every write is searchable in its own transaction, every filter narrows, no input breaks it."""
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade

from annotator.extensions import db
from annotator.services import claims, sources
from annotator.services.errors import InvalidInput
from annotator.services.search import SearchFilters, search

TEXT = ("The council spent $4 million on roads in 2023, the mayor said. "
        "Unemployment fell to 3.1 percent last spring, according to the ministry.")


def found(query, filters=SearchFilters(), **kwargs):
    return [(hit.kind, hit.claim_id or hit.article_id) for hit in search(query, filters, **kwargs).hits]


@pytest.fixture
def article(make_article):
    return make_article(TEXT, title="Where the road money went")


@pytest.fixture
def claim(article, make_claim):
    return make_claim(article, quote="The council spent $4 million on roads in 2023", claimant="Mayor Jane Doe")


def test_article_is_found_by_title_text_byline_and_outlet(admin):
    from annotator.services.articles import import_article

    article = import_article(admin, TEXT, title="Road money", byline="Ana Reporter", outlet="Riverton Gazette")
    # Not committed: the index follows the write inside its own transaction.
    for query in ("road money", "unemployment", "reporter", "gazette"):
        assert found(query) == [("article", article.id)], query


def test_claim_is_found_by_quote_and_claimant(claim):
    assert ("claim", claim.id) in found("council roads")
    assert found("jane doe") == [("claim", claim.id)]


def test_a_changed_claim_is_found_by_its_new_words_only(article, claim, admin):
    claims.update_claim(admin, claim.id, claim.version, {"claimant": "Treasurer Bob"})
    assert found("treasurer") == [("claim", claim.id)]
    assert found("jane") == []


def test_notes_are_indexed_when_written_and_dropped_when_cleared(article, claim, admin):
    claims.update_claim(admin, claim.id, claim.version, {"notes": "Budget papers disagree: 3.2 million"})
    assert found("disagree") == [("note", claim.id)]
    claims.update_claim(admin, claim.id, claim.version, {"notes": ""})
    assert found("disagree") == []


def test_sources_are_found_by_url_and_title(article, claim, admin):
    claim = claims.get_claim(claim.id)
    source = {"url": "https://stats.example.org/labour/2024", "title": "Labour survey"}
    sources.add_source(admin, claim.id, source)
    assert [kind for kind, _ in found("labour")] == ["source"]
    assert found("stats example") == [("source", claim.id)]


def test_a_deleted_claim_leaves_the_index_with_its_notes_and_sources(article, make_claim, admin):
    claim = make_claim(article, quote="Unemployment fell to 3.1 percent", notes="zebra note")
    sources.add_source(admin, claim.id, {"url": "https://zebra.example/"})
    claim = claims.get_claim(claim.id)
    claims.delete_claim(admin, claim.id, claim.version)
    assert found("zebra") == []
    assert ("claim", claim.id) not in found("unemployment")


def test_filters_narrow_claims_by_verdict_claimant_state_and_kind(article, make_claim):
    rated = make_claim(article, quote="spent $4 million", claimant="Mayor Jane Doe", verdict_key="false")
    unrated = make_claim(article, quote="Unemployment fell to 3.1 percent", claimant="The ministry")
    assert found("million", SearchFilters(verdict="false")) == [("claim", rated.id)]
    assert found("unemployment", SearchFilters(verdict="unrated")) == [("claim", unrated.id)]
    assert found("unemployment", SearchFilters(verdict="false")) == []
    assert found("million", SearchFilters(claimant="jane")) == [("claim", rated.id)]
    assert found("million", SearchFilters(review_state="approved")) == []
    assert found("million OR unemployment", SearchFilters(kinds=("article",))) == [("article", article.id)]


def test_filters_narrow_by_outlet_and_publication_date(admin):
    from annotator.services.articles import import_article

    old = import_article(admin, "Water rates rose.", title="Old", outlet="Gazette", published_on=date(2020, 5, 1))
    new = import_article(admin, "Water rates fell.", title="New", outlet="Herald", published_on=date(2024, 5, 1))
    assert found("water", SearchFilters(outlet="gaz")) == [("article", old.id)]
    assert found("water", SearchFilters(published_from=date(2023, 1, 1))) == [("article", new.id)]
    assert found("water", SearchFilters(published_until=date(2021, 1, 1))) == [("article", old.id)]


def test_outlet_filter_treats_like_wildcards_as_text(admin):
    from annotator.services.articles import import_article

    import_article(admin, "Water rates rose.", title="Old", outlet="Gazette")
    assert found("water", SearchFilters(outlet="%")) == []
    assert found("water", SearchFilters(outlet="_")) == []


def test_phrases_exclusions_and_or(claim, article):
    assert ("claim", claim.id) in found('"council spent"')
    assert found('"spent council"') == []
    assert ("claim", claim.id) not in found("council -jane")
    assert ("claim", claim.id) in found("nothingsuch OR jane")


@pytest.mark.parametrize("query", [
    '"', '""', "*", "council*", "NEAR(council roads)", "council NEAR roads", "- council", "council -",
    "AND", "council AND OR NOT", "(council", "council)", "^council", "title:council", "{council}",
    "council\x00roads", "\ud800council", "'; DROP TABLE claims; --", "c" * 5000,
])
def test_query_syntax_of_the_engines_is_only_text(claim, query):
    try:
        result = search(query)
    except InvalidInput as invalid:
        assert invalid.fields["q"]
    else:
        assert isinstance(result.hits, list)


@pytest.mark.parametrize("query", ["", "   ", "-council", '-"council spent"', "***", "OR"])
def test_a_query_with_nothing_to_find_is_refused_with_a_message(claim, query):
    with pytest.raises(InvalidInput) as refused:
        search(query)
    assert "word to find" in refused.value.message


def test_too_many_terms_are_refused(claim):
    with pytest.raises(InvalidInput):
        search(" ".join(f"w{i}" for i in range(40)))


def test_pages_hold_twenty_and_say_whether_more_follow(make_article):
    for i in range(25):
        make_article(f"Pothole number {i} on Main Street.", title=f"Pothole {i}")
    first, second = search("pothole"), search("pothole", page=2)
    assert (len(first.hits), first.has_next, len(second.hits), second.has_next) == (20, True, 5, False)
    assert not {h.article_id for h in first.hits} & {h.article_id for h in second.hits}


def test_snippets_mark_the_words_found_and_keep_text_as_text(article, make_claim):
    make_claim(article, quote="the mayor said", claimant="<b>Mayor</b> & co")
    hit = next(h for h in search("mayor").hits if h.kind == "claim")
    assert ("mayor", True) in hit.heading
    assert ("<b>", False) in hit.snippet and ("Mayor", True) in hit.snippet


def test_title_matches_rank_above_body_matches(make_article):
    body = make_article("A long story that mentions turnips once among many other words.", title="Farming")
    title = make_article("Nothing here.", title="Turnips")
    assert [a for _, a in found("turnips")] == [title.id, body.id]


def test_the_index_survives_a_restart(make_app, claim):
    claim_id = claim.id
    db.session.commit()
    db.session.remove()
    with make_app().app_context():  # a new app, a new engine: only what the database kept
        assert ("claim", claim_id) in found("council roads")


def test_the_migration_indexes_rows_written_before_it(app, claim):
    claim_id = claim.id
    db.session.commit()
    directory = app.extensions["migrate"].directory
    db.session.remove()
    downgrade(directory=directory, revision="0006-1")
    upgrade(directory=directory)
    assert ("claim", claim_id) in found("council roads")
    assert found("jane doe") == [("claim", claim_id)]
