"""Claimants across an article: pronouns, quotations over sentences and paragraphs, short forms
of names, appositives, the article's own voice and hedged reports. The articles are invented."""
import pytest

from annotator.text.attribution import (
    ARTICLE, SPEAKER, UNATTRIBUTED, ArticleAttributions, attribute_sentences, attribute_text, name_mentions,
    personal_name,
)

ARTICLE_TEXT = """Riverton water bills to rise by 14%

Riverton Mayor Elena Vasquez has warned that water bills will rise by 14% from March, but said the city would help poorer households.

“Our reservoirs fell to 31 per cent of capacity in August,” Vasquez told a meeting of the council.

“We have no choice. The pipes are older than most of us.

“Every year we wait, the repair bill doubles.”

The utility was said to have lost a quarter of its treated water to leaks.

The city’s Water Board Chairman, Tom Okafor, said: “The losses were half what the mayor claims.”

“We will publish the figures,” he told reporters.

Amira Haddad, the chief engineer of the Riverton Utility said in a statement that repairs start in May.

Officials reportedly expect the work to take two years.

The council meets again on Monday."""


def attributions(text=ARTICLE_TEXT, **kwargs):
    return [(s.text.split()[0], a) for s, a in attribute_text(text, **kwargs)]


@pytest.fixture
def by_sentence():
    return [a for _, a in attribute_text(ARTICLE_TEXT, byline="Jo Reporter", outlet="The Riverton Courier")]


def test_a_named_speaker_is_given_in_full(by_sentence):
    assert by_sentence[1] == by_sentence[2] == type(by_sentence[1])("Elena Vasquez", SPEAKER)


def test_a_quotation_over_sentences_and_paragraphs_keeps_its_speaker(by_sentence):
    assert [a.claimant for a in by_sentence[3:6]] == ["Elena Vasquez"] * 3


def test_a_hedged_report_is_unattributed_not_blank(by_sentence):
    assert by_sentence[6].kind == UNATTRIBUTED and by_sentence[6].claimant == "Unattributed"
    assert by_sentence[10].kind == UNATTRIBUTED


def test_an_appositive_names_the_person_not_the_title(by_sentence):
    assert by_sentence[7].claimant == "Tom Okafor"
    assert by_sentence[9].claimant == "Amira Haddad"


def test_he_told_reporters_refers_to_the_last_named_person(by_sentence):
    assert by_sentence[8].claimant == "Tom Okafor"


def test_the_articles_own_statements_are_the_articles(by_sentence):
    assert by_sentence[0] == by_sentence[11] == type(by_sentence[0])("Jo Reporter", ARTICLE)
    outlet_only = attribute_text(ARTICLE_TEXT, outlet="The Riverton Courier")
    assert outlet_only[-1][1].claimant == "The Riverton Courier"
    assert attribute_text(ARTICLE_TEXT)[-1][1].claimant == "The article"


def test_a_pronoun_never_refers_to_an_organisation():
    texts = ["Jane Doe said prices rose.", "Prices fell, the Daily Post reported.", "He said they would fall."]
    assert attribute_sentences(texts)[2].claimant == "Jane Doe"


def test_a_pronoun_with_nobody_before_it_is_unattributed():
    assert attribute_sentences(["He said prices rose 4%."])[0].kind == UNATTRIBUTED


def test_a_short_form_of_a_name_mentioned_earlier_is_given_in_full():
    texts = ["Foreign Minister Kemal Arslan met his counterparts on Monday.",
             "“The talks failed,” Arslan told reporters.", "“The talks failed,” Arslán said."]
    assert [a.claimant for a in attribute_sentences(texts)] == ["The article", "Kemal Arslan", "Kemal Arslan"]


def test_two_people_with_one_surname_stay_apart():
    texts = ["Ann Lee said taxes rose.", "Bob Lee said they fell."]
    assert [a.claimant for a in attribute_sentences(texts)] == ["Ann Lee", "Bob Lee"]


@pytest.mark.parametrize(("phrase", "name"), [
    ("Turkey’s Defense Minister Fikri Isik", "Fikri Isik"), ("Turkish President Recep Tayyip Erdogan", "Recep Tayyip Erdogan"),
    ("Mayor John Smith", "John Smith"), ("the minister", "the minister"), ("Officials", "Officials"),
    ("Christian Bale", "Christian Bale"),
])
def test_personal_name_drops_titles_and_owners(phrase, name):
    assert personal_name(phrase) == name


def test_name_mentions_are_runs_of_capitalised_words():
    assert name_mentions("Minister Kemal Arslan met Ursula von der Leyen, Paris and “Jo Bo” today.") == [
        "Kemal Arslan", "Ursula von der Leyen", "Jo Bo"]


def test_lookup_by_offset_finds_the_sentence_holding_it():
    found = ArticleAttributions(ARTICLE_TEXT, outlet="The Riverton Courier")
    assert found.at(ARTICLE_TEXT.index("Vasquez told")).claimant == "Elena Vasquez"
    assert found.at(ARTICLE_TEXT.index("The council meets")).claimant == "The Riverton Courier"


def test_every_sentence_gets_a_claimant():
    assert all(a.claimant for _, a in attributions())


def test_a_long_run_of_capitalised_words_is_no_name():
    texts = ["Aaa " * 40 + "Smith met them.", "“No,” Smith said."]
    assert attribute_sentences(texts)[1].claimant == "Smith"


def test_a_straight_quoted_passage_over_sentences_keeps_its_speaker():
    texts = ['Jo Park said the dam was safe.', '"The walls are sound.', 'We checked every one," she said.',
             '"It will hold."']
    assert [a.claimant for a in attribute_sentences(texts, outlet="The Courier")] == ["Jo Park"] * 4


def test_he_told_a_news_conference_after_a_paragraph_naming_him_without_a_quote():
    text = ("Police Chief Dana Cole spoke to residents on Friday.\n\n"
            "“Crime fell 12 per cent in the first quarter,” she told a news conference.")
    assert [a.claimant for _, a in attribute_text(text, byline="Jo Reporter")] == ["Jo Reporter", "Dana Cole"]


def test_only_a_person_named_as_the_subject_is_remembered_for_a_pronoun():
    # A group or an organisation as the subject leaves nobody for "he".
    text = "Students in Turkey protested outside the consulate. “Thousands are dying,” he said."
    assert attribute_text(text)[1][1].claimant == "Unattributed"
    text = "The Riverton Utility Company met Mayor Elena Vasquez on Monday. Bills will rise, he said."
    assert attribute_text(text)[1][1].claimant == "Unattributed"


@pytest.mark.parametrize("verb", ["has accused the board of hiding", "claimed", "insisted", "has warned"])
def test_reporting_verbs_name_the_speaker(verb):
    text = f"Finance Minister Anna Berg {verb} losses of $3 billion last year."
    assert attribute_text(text)[0][1].claimant == "Anna Berg"
