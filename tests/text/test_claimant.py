import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.claimant import find_claimant, spoken_content


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Jane Doe said the plan would cost $3 billion.", "Jane Doe"),
        ("The minister said prices had fallen.", "The minister"),
        ("Mayor John Smith told reporters that crime fell.", "Mayor John Smith"),
        ("Prices rose 5 percent, according to the Office for National Statistics.", "the Office for National Statistics"),
        ("Jane Doe, the finance minister, said prices rose 5 percent.", "Jane Doe"),
        ("The finance minister, Jane Doe, said prices rose.", "Jane Doe"),
        ("“We will win,” the minister said.", "the minister"),
        ('"We will win," said Jane Doe, a spokeswoman for the ministry.', "Jane Doe"),
        ("On Tuesday, the World Health Organization said cases had doubled.", "the World Health Organization"),
        ("Officials said 12 people were injured.", "Officials"),
        ("Dr. Maria Lopez, who leads the study, said the drug cut deaths by a third.", "Dr. Maria Lopez"),
        ("The association’s Chairman, Hakki Aygun, said: “We stand firm.”", "Hakki Aygun"),
    ],
)
def test_finds_the_named_claimant(sentence, claimant):
    assert find_claimant(sentence) == claimant


@pytest.mark.parametrize("sentence", ["He said the figure was wrong.", "She added that 40 people died.", "They claimed it was rigged."])
def test_pronoun_subject_refers_to_previous_claimant(sentence):
    assert find_claimant(sentence, previous_claimant="Jane Doe") == "Jane Doe"


def test_pronoun_without_previous_claimant_gives_none():
    assert find_claimant("He said the figure was wrong.") is None


@pytest.mark.parametrize("sentence", ["The sun rose over the hills.", "It is said that the river flooded.", ""])
def test_sentence_without_attribution_has_no_claimant(sentence):
    assert find_claimant(sentence, previous_claimant="Jane Doe") is None


def test_speech_verb_inside_an_attributed_quotation_is_not_the_speaker():
    sentence = '"The losses were half what the mayor claims, and the repairs never started," he said.'
    assert find_claimant(sentence, previous_claimant="Tom Okafor") == "Tom Okafor"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("“We will not remain silent,” the minister told reporters.", "We will not remain silent,"),
        ('"Prices rose 40 percent last year," said Jane Doe, a spokeswoman.', "Prices rose 40 percent last year,"),
        ("The chairman, Hakki Aygun, said: “We stand by our brothers.”", "We stand by our brothers."),
        ("Ali Yalcin told Anadolu Agency: “Aleppo has become a tragedy.", "Aleppo has become a tragedy."),
        ("The wounded are not being let out of the city,” he said.", "The wounded are not being let out of the city,"),
        ("“We hope for the best.", "We hope for the best."),
    ],
)
def test_spoken_content_drops_the_frame_around_a_quotation(sentence, content):
    assert spoken_content(sentence) == content


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment fell to 4.3 percent in March.",
        'He described the proposal as "a step in the right direction".',
        "Students who gathered outside the consulate in central Istanbul on Friday chanted "
        "“Save Aleppo” and “Stop the killing now” before police dispersed them with water cannon.",
        "“Yes,” he said.",
        "",
    ],
)
def test_spoken_content_keeps_sentences_that_say_more_than_who_spoke(sentence):
    assert spoken_content(sentence) == sentence


@given(st.lists(st.sampled_from(["a", "b", " ", "“", "”", '"', ",", ":", ".", " said ", " told "]), max_size=40))
def test_spoken_content_is_the_sentence_or_words_quoted_in_it(pieces):
    sentence = "".join(pieces)
    content = spoken_content(sentence)
    assert content == sentence or (
        len(content) < len(sentence) and all(word in sentence for word in content.split())
    )


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Residents said the water was brown.", "Residents"),
        ("People say the rise is unfair.", "People"),
        ('"We cannot pay," said residents.', "residents"),
        ("Turkish officials said 12 people were injured.", "Turkish officials"),
    ],
)
def test_a_generic_noun_is_the_claimant_as_the_subject_of_a_speech_verb(sentence, claimant):
    assert find_claimant(sentence) == claimant


@pytest.mark.parametrize(
    "sentence",
    [
        "Letters from residents claimed the water was brown.",
        "Complaints by local residents showed the pipes leaked.",
        "Talks with officials showed the rise was needed.",
        "Spending on residents rose 5%, the figures show.",
        "The number of residents who say bills are too high has doubled.",
    ],
)
def test_a_generic_noun_that_is_not_the_subject_is_no_claimant(sentence):
    assert find_claimant(sentence) is None


def test_a_named_person_speaking_in_the_sentence_wins_over_a_generic_noun():
    sentence = "Residents said the water tasted of chlorine, Dr. Amira Haddad said."
    assert find_claimant(sentence) == "Dr. Amira Haddad"
