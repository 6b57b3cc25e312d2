"""An uploaded file's name becomes the title when none is typed: it is input like any field, so
it is cleaned as text is (no NUL, no bidi override or zero-width space) and kept within the
title's limit. A NUL or a 5,000-character name was a 500 on PostgreSQL and stored as is on SQLite."""
import io

import pytest

from annotator.extensions import db
from annotator.models import Article

TEXT = b"The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."


@pytest.mark.parametrize("name, expected", [
    ("budget\x00report.txt", "budgetreport"),
    ("\u202etxt.exe\u202c notes\u200b.txt", "txt.exe notes"),
    ("x" * 5000 + ".txt", "x" * 200),
], ids=["nul", "bidi", "long"])
def test_an_uploaded_file_name_becomes_a_clean_title(app, annotator, login, name, expected):
    client = app.test_client()
    login(annotator, target=client)
    response = client.post("/articles/new", data={
        "title": "", "source_format": "text", "language": "en", "file": (io.BytesIO(TEXT), name, "text/plain"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert db.session.scalars(db.select(Article.title)).all() == [expected]
