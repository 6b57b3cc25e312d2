"""Claimant records: creating, changing, merging them, and claims linked to them by name."""
import pytest
from sqlalchemy import select, update

from annotator import permissions
from annotator.extensions import db
from annotator.models import Claim, Event
from annotator.services import claimant_pages, claimants, claims
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied

TEXT = "Mevlüt Çavuşoğlu said exports rose 12% in 2023. Jane Doe said it was 9%."


@pytest.fixture
def article(make_article):
    return make_article(TEXT)


def claim_on(make_claim, article, quote, claimant):
    return make_claim(article, quote=quote, claimant=claimant)


def test_a_claim_links_to_the_record_its_claimant_names(admin, article, make_claim):
    record = claimants.create_claimant(admin, "Mevlüt Çavuşoğlu", ["the foreign minister"], "Turkish Foreign Minister", "Q317496")
    by_surname = claim_on(make_claim, article, "exports rose 12%", "Cavusoglu")
    by_role = claim_on(make_claim, article, "in 2023", "the foreign minister")
    other = claim_on(make_claim, article, "it was 9%", "Jane Doe")
    assert (by_surname.claimant_id, by_role.claimant_id, other.claimant_id) == (record.id, record.id, None)
    assert by_surname.claimant == "Cavusoglu"  # the text stays as typed


def test_changing_the_claimant_text_relinks_the_claim(admin, article, make_claim):
    record = claimants.create_claimant(admin, "Jane Doe")
    claim = claim_on(make_claim, article, "it was 9%", "Someone")
    claim = claims.update_claim(admin, claim.id, claim.version, {"claimant": "jane doe"})
    assert claim.claimant_id == record.id
    claim = claims.update_claim(admin, claim.id, claim.version, {"claimant": "Somebody else"})
    assert claim.claimant_id is None


def test_the_link_command_links_claims_saved_before_the_record(app, admin, article, make_claim):
    claim = claim_on(make_claim, article, "it was 9%", "Jane Doe")
    db.session.execute(update(Claim).values(claimant_id=None))
    record = claimants.create_claimant(admin, "Jane Doe")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["claimants", "link"])
    assert result.exit_code == 0 and "Linked 1 claims" in result.output
    assert db.session.get(Claim, claim.id).claimant_id == record.id


@pytest.mark.parametrize("fields,message", [
    ({"name": "  "}, "Give the claimant's name"),
    ({"name": "x" * 301}, "at most 300"),
    ({"name": "Ann", "wikidata_id": "42"}, "Q and a number"),
    ({"name": "Ann", "wikidata_id": "Q0"}, "Q and a number"),
    ({"name": "Ann", "aliases": ["a" * 301]}, "at most 300"),
    ({"name": "Ann", "description": "d" * 301}, "at most 300"),
])
def test_bad_fields_are_refused_and_nothing_is_written(admin, fields, message):
    with pytest.raises(InvalidInput, match=message):
        claimants.create_claimant(admin, **fields)
    assert claimant_pages.list_claimants() == []


def test_a_wikidata_id_names_one_record(admin):
    claimants.create_claimant(admin, "Douglas Adams", wikidata_id="q42")
    with pytest.raises(Conflict, match="already the Wikidata id of Douglas Adams"):
        claimants.create_claimant(admin, "D. Adams", wikidata_id="Q42")


def test_a_stale_version_is_refused(admin):
    record = claimants.create_claimant(admin, "Jane Doe")
    claimants.update_claimant(admin, record.id, record.version, {"description": "Economist"})
    with pytest.raises(Conflict):
        claimants.update_claimant(admin, record.id, 1, {"description": "Minister"})


def test_merge_moves_claims_keeps_names_and_records_history(admin, article, make_claim):
    kept = claimants.create_claimant(admin, "Mevlüt Çavuşoğlu")
    duplicate = claimants.create_claimant(admin, "M. Cavusoglu", ["the foreign minister"], wikidata_id="Q317496")
    claim = claim_on(make_claim, article, "exports rose 12%", "M. Cavusoglu")
    assert claim.claimant_id == duplicate.id
    claimants.merge_claimants(admin, duplicate.id, kept.id, duplicate.version)
    db.session.commit()
    assert db.session.get(Claim, claim.id).claimant_id == kept.id
    assert kept.aliases == ["M. Cavusoglu", "the foreign minister"] and kept.wikidata_id == "Q317496"
    assert duplicate.merged_into_id == kept.id
    assert claimants.match_many(["M. Cavusoglu"]) == {"M. Cavusoglu": kept.id}
    actions = db.session.execute(select(Event.entity, Event.action, Event.field)
                                 .where(Event.entity.in_(["claimant", "claim"]), Event.action != "create")).all()
    assert ("claimant", "merge", "") in actions and ("claim", "relink", "claimant_record") in actions
    relink = db.session.scalar(select(Event).where(Event.action == "relink"))
    assert (relink.old["label"], relink.new["label"]) == ("M. Cavusoglu", "Mevlüt Çavuşoğlu")
    assert not permissions.is_content_change(relink)  # merging is not work on the claim (four eyes)


def test_merging_a_claimant_into_itself_is_refused(admin):
    record = claimants.create_claimant(admin, "Jane Doe")
    with pytest.raises(InvalidInput, match="cannot be merged into itself"):
        claimants.merge_claimants(admin, record.id, record.id, record.version)


def test_only_an_admin_merges(admin, reviewer):
    a, b = claimants.create_claimant(admin, "Jane Doe"), claimants.create_claimant(admin, "J. Doe")
    with pytest.raises(PermissionDenied, match="administrator"):
        claimants.merge_claimants(reviewer, a.id, b.id, a.version)


def test_completion_finds_names_and_aliases_by_any_part(admin):
    minister = claimants.create_claimant(admin, "Mevlüt Çavuşoğlu", ["the foreign minister"])
    claimants.create_claimant(admin, "Jane Doe")
    assert [(c.id, m) for c, m in claimant_pages.complete("cavu")] == [(minister.id, "Mevlüt Çavuşoğlu")]
    assert [m for _, m in claimant_pages.complete("foreign")] == ["the foreign minister"]
    assert claimant_pages.complete("%") == [] and claimant_pages.complete("") == []


def test_the_claimant_page_counts_verdicts(admin, article, make_claim):
    record = claimants.create_claimant(admin, "Jane Doe")
    make_claim(article, quote="it was 9%", claimant="Jane Doe", verdict_key="false")
    make_claim(article, quote="in 2023", claimant="Jane Doe")
    page = claimant_pages.get_claimant_page(record.id)
    assert [(label, count) for label, _, count in page.breakdown] == [("False", 1), ("Unrated", 1)]
    assert len(page.claims) == 2
    with pytest.raises(NotFound):
        claimant_pages.get_claimant_page(record.id + 100)


def test_the_cli_adds_a_claimant(app, admin):
    result = app.test_cli_runner().invoke(args=["claimants", "add", "Jane Doe", "--alias", "Doe", "--wikidata", "Q5"])
    assert result.exit_code == 0, result.output
    bad = app.test_cli_runner().invoke(args=["claimants", "add", "Jane Roe", "--wikidata", "5"])
    assert bad.exit_code != 0 and "Q and a number" in bad.output


