"""The article page's model: the highlighted text is built in Python, escaped once, pure."""
from markupsafe import Markup

from annotator.presenters import text_html


def claim(claim_id, start, end, verdict=None, review_state="open"):
    return {"id": claim_id, "start": start, "end": end, "verdict": verdict, "review_state": review_state}


def test_paragraphs_without_claims_are_escaped_text_with_their_offsets():
    html = text_html('A <b>&"\'\n\nSecond.', [])
    assert isinstance(html, Markup)
    assert html == ('<p dir="auto" data-start="0">A &lt;b&gt;&amp;&#34;&#39;</p>\n  '
                    '<p dir="auto" data-start="10">Second.</p>')


def test_overlapping_claims_split_into_marks_that_list_every_claim():
    text = "Prices rose 10% in March and fell in April."
    html = text_html(text, [claim(1, 0, 24, "false"), claim(2, 12, 33)])
    assert html == (
        '<p dir="auto" data-start="0">'
        '<mark class="hl v-false rs-open" data-claims="1" data-primary="1" data-start="0">Prices rose </mark>'
        '<mark class="hl v-unrated rs-open hl-overlap" data-claims="1 2" data-primary="2" data-start="12">10% in March</mark>'
        '<mark class="hl v-unrated rs-open hl-end" data-claims="2" data-primary="2" data-start="24"> and fell</mark>'
        ' in April.</p>')


def test_the_innermost_claim_gives_the_look_and_the_end_mark():
    html = text_html("abcdefghij", [claim(1, 0, 10, "accurate"), claim(2, 3, 5, "false")])
    assert '<mark class="hl v-false rs-open hl-overlap hl-end" data-claims="1 2" data-primary="2" data-start="3">de</mark>' in html
    assert html.endswith('<mark class="hl v-accurate rs-open hl-end" data-claims="1" data-primary="1" data-start="5">fghij</mark></p>')


def test_a_piece_is_a_suggestion_only_when_every_claim_on_it_is_one():
    html = text_html("abcdef", [claim(1, 0, 4, review_state="suggested"), claim(2, 2, 6)])
    assert 'class="hl v-unrated rs-suggested hl-suggested" data-claims="1"' in html
    assert 'class="hl v-unrated rs-open hl-overlap" data-claims="1 2"' in html


def test_a_claim_across_paragraphs_is_marked_in_each_and_text_is_escaped_inside_marks():
    html = text_html("x <i>\n\ny", [claim(7, 2, 8, "<v>")])
    assert html == ('<p dir="auto" data-start="0">x <mark class="hl v-&lt;v&gt; rs-open" data-claims="7" data-primary="7" '
                    'data-start="2">&lt;i&gt;</mark></p>\n  <p dir="auto" data-start="7"><mark class="hl v-&lt;v&gt; rs-open hl-end" '
                    'data-claims="7" data-primary="7" data-start="7">y</mark></p>')


def test_code_points_count_not_utf16_units():
    html = text_html("🎉 rose", [claim(1, 2, 6)])
    assert '🎉 <mark class="hl v-unrated rs-open hl-end" data-claims="1" data-primary="1" data-start="2">rose</mark>' in html


def test_a_highlight_says_the_review_state_as_well_as_the_verdict():
    html = text_html("abc def", [claim(1, 0, 3, "false", "approved"), claim(2, 4, 7, None, "changes_requested")])
    assert 'class="hl v-false rs-approved hl-end"' in html
    assert 'class="hl v-unrated rs-changes_requested hl-end"' in html
