"""Admins name the publisher ClaimReview credits; the placeholder is called out until they do."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event
from annotator.services import signoff
from annotator.services.publisher import current_publisher, set_publisher

RIVERTON = {"name": "The Riverton Courier", "url": "https://courier.example.net/"}


@pytest.fixture
def signed_in(client, admin, login):
    login(admin)
    return client


def test_the_page_says_the_placeholder_is_still_named(signed_in):
    page = signed_in.get("/admin/publisher")
    assert page.status_code == 200
    assert "ClaimReview exports still name the placeholder" in page.text
    assert 'value="Claim Annotator newsroom"' in page.text


def test_an_admin_names_the_publisher_and_the_change_is_recorded(signed_in):
    response = signed_in.post("/admin/publisher", data=RIVERTON)
    assert response.status_code == 302
    assert current_publisher() == RIVERTON
    event = db.session.scalar(select(Event).where(Event.entity == "setting", Event.field == "claimreview_publisher"))
    assert (event.old["name"], event.new) == ("Claim Annotator newsroom", RIVERTON)
    page = signed_in.get("/admin/publisher")
    assert "still name the placeholder" not in page.text and 'value="The Riverton Courier"' in page.text


@pytest.mark.parametrize("data, message", [
    ({"name": "  ", "url": "https://courier.example.net/"}, "Give the organisation&#39;s name."),
    ({"name": "Courier", "url": "courier"}, "Enter a full address."),
    ({"name": "Courier", "url": "javascript:alert(1)"}, "Enter a full address."),
    ({"name": "C" * 201, "url": "https://courier.example.net/"}, "200"),
])
def test_a_bad_publisher_is_refused_and_nothing_changes(signed_in, data, message):
    response = signed_in.post("/admin/publisher", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert current_publisher()["name"] == "Claim Annotator newsroom"


def test_claimreview_names_the_set_publisher_and_the_menus_stop_warning(signed_in, make_article):
    article = make_article()
    for path in (f"/articles/{article.id}", "/"):
        assert "ClaimReview names the placeholder publisher" in signed_in.get(path).text
    signed_in.post("/admin/publisher", data=RIVERTON)
    for path in (f"/articles/{article.id}", "/"):
        assert "ClaimReview names the placeholder publisher" not in signed_in.get(path).text
    graph = signed_in.get("/exports/claimreview").json
    assert graph["@graph"] == [] or all(r["author"]["name"] == RIVERTON["name"] for r in graph["@graph"])
    terms = signoff.signed_terms(signoff.load_for_sign_off(article.id), current_publisher())
    assert terms["publisher"] == RIVERTON  # what a sign-off now records


def test_the_cli_export_warns_of_the_placeholder_until_it_is_set(runner, admin, make_article, tmp_path):
    make_article()
    target = tmp_path / "reviews.jsonld"
    result = runner.invoke(args=["export", "--format", "claimreview", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "placeholder publisher Claim Annotator newsroom" in result.stderr
    set_publisher(admin, **RIVERTON)
    db.session.commit()
    result = runner.invoke(args=["export", "--format", "claimreview", "-o", str(target)])
    assert result.exit_code == 0 and "placeholder" not in result.stderr
