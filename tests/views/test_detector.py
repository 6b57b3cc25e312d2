"""The detector on the pages: its figures and buttons on the dashboard, the note for other languages."""
from annotator.extensions import db
from annotator.models import DetectorHead

GERMAN = ("Die Arbeitslosigkeit ist im März auf 4,3 Prozent gesunken, den niedrigsten Stand seit 2008, "
          "teilte das Statistikamt mit. Die Regierung hat für das kommende Jahr 12 Milliarden Euro eingeplant.")


def test_the_dashboard_shows_the_detectors_figures(client, reviewer, login):
    login(reviewer)
    page = client.get("/review/dashboard").text
    assert page.count('id="detector-title"') == 1 and "<title>Review dashboard" in page
    assert 'id="detector-precision"' in page and "no decisions yet" in page
    assert "the shipped model" in page
    assert "Retrain on our decisions" not in page  # the buttons are for admins


def test_an_admin_retraining_with_too_few_decisions_is_told_why(client, admin, login):
    login(admin)
    assert "Retrain on our decisions" in client.get("/review/dashboard").text
    response = client.post("/review/detector/retrain", follow_redirects=True)
    assert response.status_code == 200
    assert "Too few decisions to retrain" in response.text
    assert db.session.query(DetectorHead).count() == 0


def test_an_admin_goes_back_to_the_shipped_model(client, admin, login):
    login(admin)
    response = client.post("/review/detector/shipped", follow_redirects=True)
    assert "uses the shipped model again" in response.text


def test_an_article_in_german_shows_why_it_has_no_suggestions(client, admin, login):
    login(admin)
    created = client.post("/api/v1/articles", json={"title": "Arbeitsmarkt", "text": GERMAN}).json["data"]
    page = client.get(f"/articles/{created['id']}").text
    assert 'id="language-note"' in page and "looks like German" in page
    assert "knows only English" in page
