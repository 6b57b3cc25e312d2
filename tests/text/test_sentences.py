import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.sentences import Sentence, most_sentences, split_sentences

PIECES = st.sampled_from(
    ["Dr.", "U.S.", "Jan.", "No.", "5", "said", "the", "Mr.", "...", "…", "?", "!", ".", " ",
     "\u00a0", "\n", "\n\n", "“", "”", '"', "Smith", "The", "it", "3.2", "(", ")"]
)
ARTICLES = st.one_of(st.text(), st.lists(PIECES).map("".join))


def texts(text):
    return [s.text for s in split_sentences(text)]


@given(ARTICLES)
def test_offsets_slice_back_to_sentence_text(text):
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


@given(ARTICLES)
def test_sentences_are_ordered_trimmed_and_do_not_overlap(text):
    sentences = split_sentences(text)
    for first, second in zip(sentences, sentences[1:]):
        assert first.end <= second.start
    for sentence in sentences:
        assert sentence.text and sentence.text == sentence.text.strip()


@given(ARTICLES)
def test_sentences_cover_every_non_space_character(text):
    covered = set()
    for sentence in split_sentences(text):
        covered.update(range(sentence.start, sentence.end))
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


def test_sentence_is_a_frozen_value():
    assert split_sentences("It rained.") == [Sentence(0, 10, "It rained.")]


def test_abbreviations_do_not_end_sentences():
    text = "Dr. Smith met Mr. Jones in the U.S. on Jan. 5 at No. 10. They talked."
    assert texts(text) == ["Dr. Smith met Mr. Jones in the U.S. on Jan. 5 at No. 10.", "They talked."]


def test_initialism_ends_a_sentence_before_a_sentence_starter():
    assert texts("Prices rose in the U.S. The dollar fell.") == ["Prices rose in the U.S.", "The dollar fell."]


def test_ellipses_end_a_sentence_only_before_a_capital():
    assert texts("It was... well, odd. Then it stopped… After that, nothing.") == [
        "It was... well, odd.", "Then it stopped…", "After that, nothing."
    ]


def test_attributed_multi_sentence_quotation_stays_whole():
    text = "“We will cut taxes. We will build roads,” the minister said. Then she left."
    assert texts(text) == ["“We will cut taxes. We will build roads,” the minister said.", "Then she left."]


def test_bare_quotation_paragraph_is_split():
    assert texts("“We will cut taxes. We will build roads.”") == ["“We will cut taxes.", "We will build roads.”"]


def test_headline_and_byline_end_at_the_line_break():
    text = "Council Approves Budget\n\nBy Jane Doe\n\nThe council voted on Tuesday."
    assert texts(text) == ["Council Approves Budget", "By Jane Doe", "The council voted on Tuesday."]


def test_no_break_space_binds_a_title_to_the_name():
    assert texts("Mr.\u00a0Smith left. He came back.") == ["Mr.\u00a0Smith left.", "He came back."]


def test_offsets_count_code_points_after_astral_characters():
    text = "🎉 Party time. “Yes,” she said."
    second = split_sentences(text)[1]
    assert (second.start, second.text) == (14, "“Yes,” she said.")


def test_hard_wrapped_lines_stay_one_sentence():
    text = "The council\nsaid on Tuesday that the budget drafted by\nFinance Minister Jane Doe was sound. The mayor agreed."
    assert texts(text) == [
        "The council\nsaid on Tuesday that the budget drafted by\nFinance Minister Jane Doe was sound.", "The mayor agreed."
    ]


def test_wrapped_paragraph_ends_sentences_only_at_full_stops():
    text = (
        "Officials from the World Health Organization said on Tuesday\n"
        "Health Minister Laura Bennett had agreed to step down after\n"
        "the report. She left the building at noon."
    )
    assert texts(text) == [
        "Officials from the World Health Organization said on Tuesday\n"
        "Health Minister Laura Bennett had agreed to step down after\nthe report.",
        "She left the building at noon.",
    ]


def test_single_line_breaks_end_headlines_bylines_and_list_items():
    text = "Council Approves Budget\nBy Jane Doe\nThe council voted on Tuesday.\nKey points:\n- Taxes rise\n- Roads"
    assert texts(text) == [
        "Council Approves Budget", "By Jane Doe", "The council voted on Tuesday.", "Key points:", "- Taxes rise", "- Roads"
    ]


def test_line_ending_a_sentence_ends_it_at_a_single_line_break():
    assert texts("Prices rose in the U.S.\nThe dollar fell.\nUpdated 14:32 GMT") == [
        "Prices rose in the U.S.", "The dollar fell.", "Updated 14:32 GMT"
    ]


def test_long_unpunctuated_line_runs_on_into_the_next():
    line = "Residents of the northern districts waited for hours in the rain outside the town hall on Friday"
    assert texts(f"{line}\nMany of them left.") == [f"{line}\nMany of them left."]


def test_attributed_quotation_may_wrap_across_lines():
    text = "“We will cut taxes.\nWe will build roads,” the minister said. Then she left."
    assert texts(text) == ["“We will cut taxes.\nWe will build roads,” the minister said.", "Then she left."]


def test_blank_line_with_spaces_is_a_paragraph_break():
    assert texts("the council met\n  \n\nand then it rained") == ["the council met", "and then it rained"]


def test_bracketed_note_stays_one_sentence():
    text = "[Editor's note: This story was updated. The mayor's name was corrected.] The council met."
    assert texts(text) == ["[Editor's note: This story was updated. The mayor's name was corrected.]", "The council met."]


@pytest.mark.parametrize("text", [
    "One. Two! Three? Four… five\nsix\n\nseven.", "B. " * 300, "word " * 5_000, "a.b.c. " * 100,
    "“Quoted.” Then (aside.) more.", "",
])
def test_most_sentences_bounds_the_split(text):
    assert len(split_sentences(text)) <= most_sentences(text)


@given(st.text(alphabet=st.sampled_from("ab .!?…\n\"”("), max_size=300))
def test_most_sentences_bounds_any_split(text):
    assert len(split_sentences(text)) <= most_sentences(text)
