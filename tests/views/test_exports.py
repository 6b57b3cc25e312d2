"""Exports and imports through the pages, the API and the command line."""
import csv
import io
import json

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Claim


@pytest.fixture
def article(make_article, make_claim):
    article = make_article(text="The council spent $4 million on roads in 2023, the mayor said.", title="Roads")
    make_claim(article, quote="$4 million", claimant="=HYPERLINK(\"http://x\")", verdict_key="accurate")
    return article


def article_count():
    return db.session.scalar(select(func.count()).select_from(Article))


def test_article_downloads_as_native_json(signed_in, article):
    response = signed_in.get(f"/articles/{article.id}/export/json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["format"] == "claim-annotator/1"
    assert document["claims"][0]["quote"] == "$4 million"


def test_api_export_of_one_article_in_each_format(signed_in, article):
    for fmt, marker in (("json", b"claim-annotator/1"), ("webannotation", b"AnnotationCollection"),
                        ("claimreview", b"@context"), ("csv", b"$4 million")):
        response = signed_in.get(f"/api/v1/articles/{article.id}/export?format={fmt}")
        assert response.status_code == 200, fmt
        assert marker in response.data, fmt


def test_unknown_export_format_is_refused(signed_in, article):
    response = signed_in.get(f"/api/v1/articles/{article.id}/export?format=pdf")
    assert 400 <= response.status_code < 500
    assert response.json["error"]["message"]


def test_csv_export_neutralises_formulas(signed_in, article):
    text = signed_in.get("/exports/csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert not any(value.startswith("=") for value in rows[0].values())


def test_json_lines_export_streams_one_article_a_line(signed_in, article, make_article):
    make_article(title="Second")
    lines = signed_in.get("/api/v1/exports?format=jsonl").data.decode().splitlines()
    assert sorted(json.loads(line)["article"]["title"] for line in lines) == ["Roads", "Second"]


def test_import_through_the_api_round_trips(signed_in, article):
    exported = signed_in.get(f"/articles/{article.id}/export/json").data
    response = signed_in.post("/api/v1/imports", data=exported, content_type="application/json")
    assert response.status_code == 201, response.text
    assert article_count() == 2
    again = json.loads(signed_in.get(f"/articles/{response.json['data'][0]['id']}/export/json").data)
    assert again["claims"][0]["claimant"] == json.loads(exported)["claims"][0]["claimant"]


def test_bad_import_lists_pointers_and_writes_nothing(signed_in, article):
    document = json.loads(signed_in.get(f"/articles/{article.id}/export/json").data)
    document["claims"][0]["start"] = 10_000
    response = signed_in.post("/api/v1/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 422
    assert any(key.startswith("/claims/0") for key in response.json["error"]["fields"])
    assert article_count() == 1


def test_only_admins_import(client, make_user, login, article):
    login(make_user("reviewer"))
    assert client.post("/api/v1/imports", data=b"{}", content_type="application/json").status_code == 403


def test_cli_export_then_import_into_an_empty_instance(runner, article, tmp_path, make_app, admin):
    path = tmp_path / "export.jsonl"
    result = runner.invoke(args=["export", "--format", "jsonl", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_text().splitlines()[0])["article"]["title"] == "Roads"
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert article_count() == 2
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 2


def test_cli_import_refuses_a_broken_file(runner, admin, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "claim-annotator/99"}')
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert article_count() == 0


def test_xlsx_downloads_from_the_page_the_api_and_the_command_line(signed_in, article, runner, tmp_path):
    from openpyxl import load_workbook

    page = signed_in.get(f"/articles/{article.id}/export/xlsx")
    api = signed_in.get("/api/v1/exports?format=xlsx")
    target = tmp_path / "claims.xlsx"
    result = runner.invoke(args=["export", "--format", "xlsx", "-o", str(target)])
    assert page.status_code == 200 and api.status_code == 200 and result.exit_code == 0, result.output
    assert 'filename="claims.xlsx"' in api.headers["Content-Disposition"]
    assert page.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    for data in (page.data, api.data, target.read_bytes()):
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert rows[1][5] == "$4 million" and rows[1][6] == "=HYPERLINK(\"http://x\")"


def test_each_format_downloads_under_a_name_of_its_own(signed_in, article):
    names = {fmt: signed_in.get(f"/articles/{article.id}/export/{fmt}").headers["Content-Disposition"]
             for fmt in ("json", "webannotation", "claimreview", "csv")}
    assert len(set(names.values())) == 4, names
    assert names["claimreview"] == f'attachment; filename="article-{article.id}-claimreview.jsonld"'
    many = {fmt: signed_in.get(f"/exports/{fmt}").headers["Content-Disposition"]
            for fmt in ("jsonl", "webannotation", "claimreview", "csv")}
    assert len(set(many.values())) == 4, many


def test_export_until_the_end_of_the_calendar_is_refused(signed_in, make_article):
    make_article()
    for path in ("/exports/jsonl?until=9999-12-31", "/api/v1/exports?until=9999-12-31"):
        assert 400 <= signed_in.get(path).status_code < 500, path


def test_import_with_duplicate_revision_numbers_lists_the_problem(signed_in, make_article):
    article = make_article()
    document = json.loads(signed_in.get(f"/articles/{article.id}/export/json").data)
    document["article"]["revisions"].append(dict(document["article"]["revisions"][0]))
    response = signed_in.post("/api/v1/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 422
    assert "/article/revisions/1/number" in response.json["error"]["fields"]


def test_import_with_an_oversized_integer_is_refused(signed_in, make_article):
    article = make_article()
    document = json.loads(signed_in.get(f"/articles/{article.id}/export/json").data)
    document["article"]["revisions"][0]["number"] = 2**70
    response = signed_in.post("/api/v1/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 422
