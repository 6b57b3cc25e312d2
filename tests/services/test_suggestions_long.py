"""A huge article: the detector reads its first DETECTOR_MAX_SENTENCES sentences, and its page
says where it stopped; a newsroom article of 10,000 words is read whole."""
import sys
from pathlib import Path

from sqlalchemy import select

from annotator.extensions import db
from annotator.limits import DETECTOR_MAX_SENTENCES
from annotator.models import Claim
from annotator.services import detector
from annotator.services.suggestions import import_and_suggest
from annotator.text.sentences import most_sentences, split_sentences

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_suggestions import build_article  # noqa: E402

SENTENCE = "Prices rose by {n} per cent in 2023, the minister said."


def test_a_ten_thousand_word_article_is_read_whole():
    text = build_article(10_000)
    assert len(split_sentences(text)) < DETECTOR_MAX_SENTENCES / 2
    assert most_sentences(text) <= DETECTOR_MAX_SENTENCES  # so its page never splits it to tell


def test_the_detector_stops_at_the_cap_and_the_page_says_where(admin, client, login, monkeypatch):
    monkeypatch.setattr(detector, "DETECTOR_MAX_SENTENCES", 4)
    text = " ".join(SENTENCE.format(n=n) for n in range(6))
    article = import_and_suggest(admin, text, title="Long")
    quotes = db.session.scalars(select(Claim.quote).where(Claim.article_id == article.id).order_by(Claim.start)).all()
    assert quotes == [SENTENCE.format(n=n) for n in range(4)]
    fifth = text.index(SENTENCE.format(n=4))
    assert f"up to character {fifth:,} of {len(text):,}" in detector.length_note(article)
    db.session.commit()
    login(admin)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "the claim detector read its first 4 sentences" in page


def test_an_article_within_the_cap_has_no_note(admin):
    article = import_and_suggest(admin, " ".join(SENTENCE.format(n=n) for n in range(6)), title="Short")
    assert detector.length_note(article) is None
