"""Importing articles (good and bad input) and the article page."""
import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.test import encode_multipart

from annotator.extensions import db
from annotator.models import Article, Revision

FORM = {"title": "Budget story", "outlet": "The Courier", "byline": "A. Writer", "language": "en"}


def article_count():
    return db.session.scalar(select(func.count()).select_from(Article))


def test_pasted_text_is_imported_in_canonical_form(signed_in):
    text = "Cafe\u0301 prices rose 5%.\r\n\r\n\r\nSecond  paragraph.   \r\n"
    response = signed_in.post("/articles/new", data={**FORM, "text": text})
    assert response.status_code == 302
    article = db.session.scalar(select(Article))
    assert article.text == "Caf\u00e9 prices rose 5%.\n\nSecond  paragraph."
    assert (article.title, article.outlet, article.byline) == ("Budget story", "The Courier", "A. Writer")
    assert db.session.scalar(select(Revision.number).where(Revision.article_id == article.id)) == 1


@pytest.mark.parametrize("filename,content,expected", [
    ("story.txt", b"Plain text.\n\nTwo.", "Plain text.\n\nTwo."),
    ("story.md", b"# Heading\n\nSome **bold** [link](http://x.org).", "Heading\n\nSome bold link."),
    ("story.html", b"<h1>Title</h1><p>One &amp; two.</p><p>Three<br>four</p>", "Title\n\nOne & two.\n\nThree\nfour"),
])
def test_uploaded_files_are_reduced_to_text(signed_in, filename, content, expected):
    data = {**FORM, "file": (io.BytesIO(content), filename)}
    response = signed_in.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    assert db.session.scalar(select(Article.text)) == expected


def test_html_with_script_and_event_handlers_is_stored_inert(signed_in):
    html = (b'<p onclick="alert(1)">Safe words.</p><script>alert("x")</script>'
            b'<img src=x onerror="alert(2)"><style>p{}</style><p>More <b>words</b>.</p>')
    data = {**FORM, "file": (io.BytesIO(html), "evil.html")}
    assert signed_in.post("/articles/new", data=data, content_type="multipart/form-data").status_code == 302
    text = db.session.scalar(select(Article.text))
    assert text == "Safe words.\n\nMore words."


def test_empty_article_is_refused(signed_in):
    response = signed_in.post("/articles/new", data={**FORM, "text": "   \n\n  "})
    assert response.status_code == 422
    assert b"Paste the article" in response.data
    assert article_count() == 0


@pytest.mark.parametrize("name, data, message", [
    ("x.html", b"<script>only()</script>", b"The article has no text."),  # markup only
    ("story.txt", b"PK\x03\x04\x00\x00\x08\x00\xe9\xe8", b"This file is not text"),  # a zip (.docx), named .txt
])
def test_an_upload_without_an_article_in_it_is_refused_plainly(signed_in, name, data, message):
    form = {**FORM, "file": (io.BytesIO(data), name)}
    response = signed_in.post("/articles/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.data
    assert article_count() == 0


def test_article_over_the_limit_is_refused(make_app, admin, login):
    app = make_app(ARTICLE_MAX_CHARS=100)
    client = app.test_client()
    login(admin, target=client)
    response = client.post("/articles/new", data={**FORM, "text": "word " * 50})
    assert response.status_code == 422
    assert b"the limit is 100" in response.data
    assert article_count() == 0


def test_upload_over_the_request_limit_is_refused(make_app, admin, login):
    client = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    login(admin, target=client)
    data = {**FORM, "file": (io.BytesIO(b"x" * 5000), "big.txt")}
    response = client.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert article_count() == 0


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_a_file_in_a_windows_encoding_is_read(signed_in, encoding):
    text = "The café owner said the council’s plan costs 4 million." if encoding != "latin-1" else "Café prices rose."
    data = {**FORM, "title": "", "file": (io.BytesIO(text.encode(encoding)), "cafe_story.txt")}
    response = signed_in.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(select(Article.text)) == text


@pytest.mark.parametrize("text, message", [
    ("import os\n\ndef main():\n    return os.getcwd()\n\nmain()\n", b"This looks like a program, not an article"),
    ('{"articles": [{"title": "Budget"}]}', b"This looks like data (JSON), not an article"),
])
def test_a_program_or_data_pasted_as_an_article_is_refused_plainly(signed_in, text, message):
    response = signed_in.post("/articles/new", data={**FORM, "text": text})
    assert response.status_code == 422
    assert message in response.data
    assert article_count() == 0


def test_unsupported_file_type_is_refused(signed_in):
    data = {**FORM, "file": (io.BytesIO(b"%PDF-1.4"), "story.pdf")}
    response = signed_in.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert b"Upload a .txt, .md or .html file." in response.data


@pytest.mark.parametrize("field,value,message", [
    ("title", "t" * 301, b"Field cannot be longer than 300 characters."),
    ("url", "javascript:alert(1)", b"Enter a full address."),
    ("published_on", "31/02/2024", b"Not a valid date value."),
    ("language", "english!", b"Use a code such as en"),
])
def test_bad_metadata_is_refused_with_a_message(signed_in, field, value, message):
    response = signed_in.post("/articles/new", data={**FORM, "text": "Some text.", field: value})
    assert response.status_code == 422
    assert message in response.data
    assert article_count() == 0


def test_article_page_escapes_everything_user_supplied(signed_in, make_article, make_claim):
    hostile = '<script>alert("t")</script>'
    article = make_article(text=f"He wrote {hostile} and left.", title=f"Title {hostile}")
    make_claim(article, quote=hostile, claimant="<img src=x onerror=alert(1)>", notes=hostile)
    page = signed_in.get(f"/articles/{article.id}").text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert" in page


def test_article_page_shows_overlapping_claims_as_fragments(signed_in, make_article, make_claim):
    article = make_article(text="Prices rose 10% in March and fell in April.")
    outer = make_claim(article, quote="Prices rose 10% in March")
    inner = make_claim(article, quote="10% in March and fell")
    page = signed_in.get(f"/articles/{article.id}").text
    marks = re.findall(r'<mark[^>]*data-claims="([^"]*)"[^>]*>([^<]*)</mark>', page)
    assert marks == [(f"{outer.id}", "Prices rose "), (f"{outer.id} {inner.id}", "10% in March"),
                     (f"{inner.id}", " and fell")]


def test_article_page_statement_count_does_not_grow_with_claims(signed_in, make_article, make_claim,
                                                                 count_queries):
    def statements_for(claim_count):
        article = make_article(text=" ".join(f"Sentence {i} says 10%." for i in range(claim_count)))
        sentences = [f"Sentence {i} says 10%." for i in range(claim_count)]
        for sentence in sentences:
            make_claim(article, quote=sentence, claimant="Someone", verdict_key="accurate")
        with count_queries() as counter:
            assert signed_in.get(f"/articles/{article.id}").status_code == 200
        return counter.count

    assert statements_for(2) == statements_for(200)


def test_missing_article_is_a_404_page(signed_in):
    response = signed_in.get("/articles/999")
    assert response.status_code == 404
    assert b"No such article." in response.data


def test_demo_article_loads_with_claims(signed_in):
    response = signed_in.post("/demo")
    assert response.status_code == 302
    page = signed_in.get(response.headers["Location"]).text
    assert "DEMO ARTICLE" in page
    assert page.count('class="hl ') >= 4


def test_article_list_shows_progress(signed_in, make_article, make_claim):
    article = make_article(title="Listed story")
    make_claim(article, quote="$4 million", verdict_key="false")
    make_claim(article, quote="the mayor said")
    page = signed_in.get("/").text
    assert "Listed story" in page
    assert "1/2" in page


def test_a_long_cyrillic_paste_within_the_character_limit_is_imported(signed_in):
    """300,000 Cyrillic characters are about 600 kB of UTF-8: over Werkzeug's 500 kB per form
    field, inside ARTICLE_MAX_CHARS. The limit users are told is in characters."""
    paragraph = " ".join(["Бюджет города вырос на четырнадцать процентов за прошлый год."] * 5) + "\n\n"
    text = (paragraph * (300_000 // len(paragraph) + 1))[:300_000].strip()
    assert len(text.encode("utf-8")) > 550_000
    # Encoded in memory: the test client spools a big multipart body to a file it never closes.
    boundary, body = encode_multipart({**FORM, "text": text})
    response = signed_in.post("/articles/new", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302, response.text[:500]
    assert len(db.session.scalar(select(Article.text))) == len(text)


def test_the_form_memory_limit_follows_the_character_limit(make_app):
    assert make_app().config["MAX_FORM_MEMORY_SIZE"] == 400_000 * 4
    assert make_app(ARTICLE_MAX_CHARS=1000).config["MAX_FORM_MEMORY_SIZE"] == 4000
    assert make_app(MAX_CONTENT_LENGTH=1000).config["MAX_FORM_MEMORY_SIZE"] == 1000


def test_a_post_too_big_to_read_comes_back_to_the_import_form(make_app, admin, login):
    client = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    login(admin, target=client)
    response = client.post("/articles/new", data={**FORM, "text": "word " * 400}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert b'id="import-form"' in response.data
    assert b"Your text is kept below" in response.data
    assert article_count() == 0


def test_pasted_text_and_a_file_together_are_refused_and_the_text_kept(signed_in):
    data = {**FORM, "text": "Pasted words stay.", "file": (io.BytesIO(b"File words."), "story.txt")}
    response = signed_in.post("/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert b"You pasted text and chose a file" in response.data
    assert b"Pasted words stay." in response.data
    assert article_count() == 0


def test_a_missing_title_is_the_headline_which_is_not_repeated_in_the_text(signed_in):
    text = "Council spends $4 million on roads\n\nThe council spent $4 million on roads in 2023."
    response = signed_in.post("/articles/new", data={**FORM, "title": "", "text": text})
    assert response.status_code == 302, response.text[:300]
    article = db.session.scalar(select(Article))
    assert (article.title, article.text) == ("Council spends $4 million on roads", "The council spent $4 million on roads in 2023.")


def test_a_missing_title_of_an_upload_is_its_headline_or_its_file_name(signed_in):
    html = b"<h1>Water rates rise</h1><p>Rates rose by 14% on 1 March.</p>"
    data = {**FORM, "title": "", "file": (io.BytesIO(html), "water.html")}
    assert signed_in.post("/articles/new", data=data, content_type="multipart/form-data").status_code == 302
    data = {**FORM, "title": "", "file": (io.BytesIO(b"One long paragraph and nothing else."), "budget_2024-draft.txt")}
    assert signed_in.post("/articles/new", data=data, content_type="multipart/form-data").status_code == 302
    rows = db.session.execute(select(Article.title, Article.text).order_by(Article.id)).all()
    assert rows == [("Water rates rise", "Rates rose by 14% on 1 March."),
                    ("budget 2024 draft", "One long paragraph and nothing else.")]


def test_a_headline_given_as_the_title_is_not_repeated_in_the_text(signed_in):
    text = "Budget story\n\nThe council spent $4 million on roads in 2023."
    assert signed_in.post("/articles/new", data={**FORM, "text": text}).status_code == 302
    assert db.session.scalar(select(Article.text)) == "The council spent $4 million on roads in 2023."


def test_article_page_in_review_reads_at_most_ten_statements(client, login, make_user, make_article, make_claim,
                                                              count_queries):
    """Four eyes, who sent a claim back, the sign-off, the publisher and the assignment box read
    with the page's own queries (at most 10 statements with the signed-in user), then one each for
    the bell and My work's count in the nav, the live cursor and the discussion counts: at most 14,
    whatever the claim count."""
    from annotator.models import User
    from annotator.services import claims, review

    ids = make_user("annotator").id, make_user("reviewer").id
    login(db.session.get(User, ids[1]))

    def statements_for(claim_count):
        annotator, reviewer = (db.session.get(User, i) for i in ids)
        sentences = [f"Sentence {i} says 10%." for i in range(claim_count)]
        article = make_article(text=" ".join(sentences), actor=annotator)
        for i, sentence in enumerate(sentences):
            claim = claims.get_claim(make_claim(article, quote=sentence, verdict_key="accurate", actor=annotator).id)
            review.submit_claim(annotator, claim.id)
            if i % 2:
                review.request_changes(reviewer, claim.id, "Check the figure.")
        db.session.commit()
        path = f"/articles/{article.id}"
        db.session.expunge_all()  # the page reads as a request of its own would
        with count_queries() as counter:
            page = client.get(path)
        assert page.status_code == 200 and "Check the figure." in page.text
        return counter.count

    assert statements_for(2) == statements_for(40) <= 14


def test_the_activity_names_a_claim_by_its_first_words_escaped(signed_in, make_article, make_claim):
    text = "The <b>council</b> spent $4 million on the roads of the old town and on bridges over the river in 2023."
    article = make_article(text)
    claim = make_claim(article, text)
    assert signed_in.patch(f"/api/v1/claims/{claim.id}", json={"verdict": "false", "version": claim.version}).status_code == 200
    page = signed_in.get(f"/articles/{article.id}").text
    activity = page[page.index('id="activity"'):]
    assert "claim #" not in activity
    assert "changed the verdict of the claim “The &lt;b&gt;council&lt;/b&gt; spent $4 million on the roads of the...”" in activity
    assert "<b>council" not in activity


def test_a_suggestion_says_the_detectors_confidence_in_words(signed_in, make_article, make_claim):
    article = make_article()
    make_claim(article, "The council spent $4 million on roads in 2023", review_state="suggested", origin="detector",
               score=0.9512)
    page = signed_in.get(f"/articles/{article.id}").text
    assert "Detector confidence: high (95%)" in page
    assert "Score 0.95" not in page
