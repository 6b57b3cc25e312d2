"""Every page in Chromium: no console error, no CSP violation, and no WCAG 2.1 A/AA violation
that axe-core finds on the article page."""
import pytest

from tests.e2e.conftest import make_account

PAGES = ["/", "/articles/new", "/account", "/admin/users", "/admin/verdicts", "/admin/publisher", "/articles/{id}",
         "/articles/{id}/revise", "/review/",
         "/review/dashboard"]


@pytest.fixture
def demo_article(in_app, live_server, page, sign_in):
    from annotator.models import User
    from annotator.extensions import db
    from annotator.services.demo import load_demo

    admin = make_account(in_app, "chief", "admin")
    article_id = in_app(lambda: load_demo(db.session.get(User, admin.id)).id)
    sign_in(page, admin)
    return article_id


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_without_console_errors_or_csp_violations(page, live_server, demo_article, path):
    page.goto(live_server.url(path.format(id=demo_article)))
    page.wait_for_load_state("networkidle")
    # The watchdog fixture fails the test on any console error or CSP violation.


def test_the_article_page_has_no_wcag_violations(page, live_server, demo_article, axe):
    page.goto(live_server.url(f"/articles/{demo_article}"))
    page.wait_for_selector("html[data-workspace=ready]")
    assert axe(page) == []
    page.locator("#article-text mark.hl").first.click()  # with the claim panel open
    page.locator("#add-source summary").click()
    assert axe(page) == []
