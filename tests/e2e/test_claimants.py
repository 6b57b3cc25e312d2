"""In Chromium: the claimant field completes from the claimant records (by any part of a name,
without diacritics, or an alias), by keyboard; the pick saves and links the claim; the
claimant's page lists it. Axe finds nothing on the editor with the list open, nor on the pages."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from tests.e2e.conftest import make_account

WIDTHS = (1440, 800, 390)
# Nothing in the page's content is wider than the screen (the navigation scrolls on its own).
FITS = "() => [...document.querySelectorAll('main *')].every((e) => e.getBoundingClientRect().right <= innerWidth)"


@pytest.fixture
def desk(in_app):
    from annotator.models import User
    from annotator.services import claimants
    from annotator.services.articles import import_article
    from annotator.services.claims import create_claim

    ana = make_account(in_app, "ana")

    def article_and_claim():
        user = db.session.get(User, ana.id)
        record = claimants.create_claimant(user, "Mevlüt Çavuşoğlu", ["the foreign minister"], "Turkish Foreign Minister")
        claimants.create_claimant(user, "Jane Doe", description="Economist")
        article = import_article(user, "Exports rose 12% in 2023, the minister said.", title="Exports")
        claim = create_claim(user, article, 0, 16)[0]
        return record.id, article.id, claim.id
    return (ana, *in_app(article_and_claim))


def test_the_claimant_field_completes_from_records_by_keyboard(new_context, live_server, sign_in, desk, in_app,
                                                               axe, screenshot):
    from annotator.models import Claim

    ana, record_id, article_id, claim_id = desk
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}#claim-{claim_id}"))
    field = page.get_by_role("combobox", name="Claimant")
    field.press_sequentially("cavus")
    option = page.get_by_role("option", name="Mevlüt Çavuşoğlu")
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert option.get_attribute("aria-selected") == "true"
    assert axe(page) == []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"claimant-completion-{width}")
    field.press("Enter")
    assert field.input_value() == "Mevlüt Çavuşoğlu"
    assert field.get_attribute("aria-expanded") == "false"

    def linked():
        return db.session.scalar(select(Claim.claimant_id).where(Claim.id == claim_id))
    for _ in range(50):  # the store saves the pick after its typing delay
        if in_app(linked) == record_id:
            break
        page.wait_for_timeout(100)
    assert in_app(linked) == record_id

    field.fill("")
    field.press_sequentially("the foreign")
    page.get_by_role("option", name="Mevlüt Çavuşoğlu (the foreign minister)").wait_for()
    field.press("Escape")
    assert page.locator("#f-claimant-options").is_hidden()

    page.goto(live_server.url(f"/claimants/{record_id}"))
    link = page.get_by_role("link", name="“Exports rose 12%”")
    assert link.get_attribute("href") == f"/articles/{article_id}#claim-{claim_id}"
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate(FITS)
    page.goto(live_server.url("/claimants"))
    assert axe(page) == []
    assert page.evaluate(FITS)
