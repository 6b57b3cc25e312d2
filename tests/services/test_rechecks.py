"""Claims to re-check after a revision: their sentence changed, and nobody has touched them since."""
import pytest

from annotator.extensions import db
from annotator.services import revisions
from annotator.services.claims import update_claim
from annotator.services.rechecks import list_rechecks

TEXT = ("The council spent $4 million on roads in 2023, the mayor said.\n\n"
        "Critics called the plan reckless.")


@pytest.fixture
def article(make_article):
    return make_article(text=TEXT)


def revise(actor, article, text):
    revisions.revise_article(actor, article, text)
    db.session.commit()


def test_a_claim_whose_sentence_changed_is_listed_with_both_sentences(admin, article, make_claim):
    roads = make_claim(article, "$4 million")
    make_claim(article, "reckless")
    revise(admin, article, TEXT.replace("the mayor said", "the mayor told reporters"))
    [check] = list_rechecks(article)
    assert (check.claim_id, check.revision) == (roads.id, 2)
    assert "the mayor said" in check.before and "the mayor told reporters" in check.after


def test_an_edit_after_the_revision_takes_the_claim_off_the_list(admin, article, make_claim):
    roads = make_claim(article, "$4 million")
    revise(admin, article, TEXT.replace("the mayor said", "the mayor told reporters"))
    update_claim(admin, roads.id, roads.version, {"notes": "Read again: still $4 million."})
    db.session.commit()
    assert list_rechecks(article) == []


def test_only_the_last_revision_counts_and_an_unrevised_article_has_none(admin, article, make_claim):
    make_claim(article, "$4 million")
    assert list_rechecks(article) == []
    revise(admin, article, TEXT.replace("the mayor said", "the mayor told reporters"))
    revise(admin, article, TEXT.replace("the mayor said", "the mayor told reporters").replace("reckless", "rash"))
    assert list_rechecks(article) == []
