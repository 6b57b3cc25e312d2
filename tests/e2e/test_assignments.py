"""In Chromium: an editor assigns an article; the annotator sees it on My work, counted in the
navigation; the article list marks an overdue article in words; the navigation stays one line."""
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import make_account

WIDTHS = (1440, 800, 390)


@pytest.fixture
def desk(in_app):
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services.articles import import_article

    editor = make_account(in_app, "rita", "reviewer")
    annotator = make_account(in_app, "ana")
    reviewer = make_account(in_app, "rex", "reviewer")
    article_id = in_app(lambda: import_article(db.session.get(User, editor.id), "The council spent $4 million.",
                                               title="Council budget", outlet="Gazette").id)
    return editor, annotator, reviewer, article_id


def test_editor_assigns_and_the_annotator_sees_it_on_my_work(new_context, live_server, sign_in, desk, screenshot):
    editor, annotator, _, article_id = desk
    due = (date.today() + timedelta(days=2)).isoformat()
    page = new_context().new_page()
    sign_in(page, editor)
    page.goto(live_server.url(f"/articles/{article_id}"))
    page.get_by_role("tab", name="Article").click()  # assignment is one of the article's tools
    page.get_by_role("link", name="Assign").click()
    page.get_by_role("group", name="Annotators").get_by_label("Ana (annotator)").check()
    page.get_by_label("Reviewer", exact=True).select_option("rex")
    page.get_by_label("Due date").fill(due)
    page.get_by_label("Priority").select_option("urgent")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, "assignment-form-1440", full_page=True)
    page.get_by_role("button", name="Save the assignment").click()
    page.wait_for_url(f"**/articles/{article_id}")
    page.get_by_role("tab", name="Article").click()
    box = page.locator("#assignment")
    box.scroll_into_view_if_needed()
    screenshot(page, "article-assigned-1440")
    assert "Ana" in box.inner_text() and due in box.inner_text()

    theirs = new_context().new_page()
    sign_in(theirs, annotator)
    nav = theirs.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="My work 1 to do").is_visible()
    nav.get_by_role("link", name="My work").click()
    section = theirs.locator("#assigned")
    assert "Council budget" in section.inner_text() and due in section.inner_text()
    for width in WIDTHS:
        theirs.set_viewport_size({"width": width, "height": 900})
        screenshot(theirs, f"my-work-{width}", full_page=True)
    section.get_by_role("link", name="Council budget").click()
    theirs.wait_for_url(f"**/articles/{article_id}")


def test_article_list_marks_overdue_in_words_and_the_nav_fits_one_line(page, live_server, sign_in, in_app, desk,
                                                                      screenshot):
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services import assignments

    editor, _, _, article_id = desk
    chief = make_account(in_app, "chief", "admin")  # the admin has the most links, and work: a badge
    past = date.today() - timedelta(days=1)
    in_app(lambda: assignments.assign_article(db.session.get(User, editor.id), article_id, ["ana", "chief"], "rex",
                                              past, "high", today=past))
    sign_in(page, chief)
    page.goto(live_server.url("/?sort=due"))
    row = page.get_by_role("row", name="Council budget")
    assert "Overdue" in row.inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"article-list-{width}", full_page=True)
        if width >= 800:
            items = page.locator("header.topbar nav > *")  # links and the sign-out form
            boxes = [items.nth(i).bounding_box() for i in range(items.count())]
            assert len({round(box["y"] + box["height"] / 2) for box in boxes}) == 1, f"the navigation wraps at {width} px"
            brand = page.locator("header.topbar .brand").bounding_box()
            assert brand["height"] < 2 * boxes[0]["height"], f"the brand wraps at {width} px"
    page.get_by_label("Assigned to").select_option("none")
    page.get_by_role("button", name="Show").click()
    assert "No article matches" in page.locator("main").inner_text()
