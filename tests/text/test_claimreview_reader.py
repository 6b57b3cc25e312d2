"""Reading other fact-checkers' ClaimReview files: the shapes, and a plain error per bad record."""
import json
from datetime import date

import pytest

from annotator.text.claimreview_reader import FileError, read_reviews


def review(n=1, **changes):
    item = {"@context": "https://schema.org", "@type": "ClaimReview", "url": f"https://checker.example/{n}",
            "claimReviewed": "Unemployment is at a fifty-year low.", "datePublished": "2024-05-31",
            "author": {"@type": "Organization", "name": "Checker"},
            "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A Minister"}}}
    item.update(changes)
    return item


def read(document, filename="x.json"):
    return read_reviews(json.dumps(document).encode(), filename)


@pytest.mark.parametrize("document", [
    review(), [review()], {"@context": "https://schema.org", "@graph": [review()]},
    {"dataFeedElement": [{"@type": "DataFeedItem", "item": [review()]}]},
])
def test_every_json_shape_gives_the_same_review(document):
    [found], errors = read(document)
    assert errors == []
    assert (found.claim_text, found.rating, found.url, found.publisher, found.claimant, found.reviewed_on) == (
        "Unemployment is at a fifty-year low.", "Mostly true", "https://checker.example/1", "Checker",
        "A Minister", date(2024, 5, 31))


def test_a_csv_with_the_usual_columns_is_read():
    data = ("claim_text,rating,url,author,date\n"
            "\"Crime fell, he said.\",False,https://checker.example/2,Checker,2023-01-02\n").encode()
    [found], errors = read_reviews(data, "feed.csv")
    assert errors == [] and (found.claim_text, found.rating, found.reviewed_on) == (
        "Crime fell, he said.", "False", date(2023, 1, 2))


def test_each_bad_record_gets_its_own_plain_error():
    bad = [review(1), review(2, claimReviewed=None), review(3, url=42), review(4, reviewRating={}),
           review(5, datePublished="last week"), review(6, url="javascript:alert(1)"), "text", {"@type": "Person"}]
    reviews, errors = read(bad)
    assert len(reviews) == 1
    assert errors == [
        "Record 2: the claim text is missing.",
        "Record 3: the review's address (url) must be text, not int.",
        "Record 4: the rating is missing.",
        "Record 5: the date 'last week' is not a date like 2024-05-31.",
        "Record 6: the review's address (url) must start with http:// or https://.",
        "Record 7: it is not a JSON object.",
        "Record 8: it is a Person, not a ClaimReview.",
    ]


def test_html_in_a_field_is_reduced_to_its_text():
    [found], _ = read(review(claimReviewed="<b>Taxes</b> <script>alert(1)</script>rose &amp; fell"))
    assert found.claim_text == "Taxes rose & fell"


@pytest.mark.parametrize("data,message", [
    (b"{not json", "not valid JSON"), (b"\xff\xfe", "not UTF-8"), (b"[]", "no ClaimReview records"),
    (b"name,score\nx,1\n", "no column for claim text, rating, url"),
])
def test_an_unreadable_file_is_one_plain_error(data, message):
    with pytest.raises(FileError, match=message):
        read_reviews(data, "f.csv" if b"," in data else "f.json")
