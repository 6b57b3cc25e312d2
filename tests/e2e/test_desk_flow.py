"""The newcomer's walk, the parts issue 15 found blocking: revising where you read, re-checks,
imports in legacy encodings or of the wrong thing, a long Cyrillic paste, the publisher."""
import pytest
from playwright.sync_api import expect

from annotator.extensions import db
from tests.e2e.conftest import make_account

TEXT = "The council spent $4 million on roads in 2023.\n\nCrime fell by 12% last year, police said."


def shots(page, screenshot, name, locator=None):
    """Screenshots at the three widths the desks are checked at (a no-op without ANNOTATOR_SHOTS)."""
    for width in (1440, 800, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if locator is not None:
            locator.scroll_into_view_if_needed()
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 720})


def test_revising_edits_the_current_text_and_flags_the_claims_to_recheck(workspace, in_app, screenshot):
    from annotator.models import Claim, User
    from annotator.services import review

    article_id = workspace.import_article(TEXT)
    roads = workspace.add_claim(article_id, "$4 million", verdict_key="false")
    crime = workspace.add_claim(article_id, "Crime fell by 12%", verdict_key="accurate")
    rita = make_account(in_app, "rita", role="reviewer")

    def approve_crime():
        claim = db.session.get(Claim, crime)
        review.submit_claim(db.session.get(User, workspace.user.id), claim.id)
        review.approve_claim(db.session.get(User, rita.id), claim.id)

    in_app(approve_crime)
    page = workspace.page
    page.goto(workspace.server.url(f"/articles/{article_id}/revise"))
    text = page.get_by_label("New text")
    expect(text).to_have_value(TEXT)  # the current text, to edit: nothing to paste again
    shots(page, screenshot, "revise-in-place")
    text.fill(TEXT.replace("police said", "the police chief said on Monday"))  # one sentence changes
    page.get_by_role("button", name="Save revision 2").click()
    page.wait_for_selector("html[data-workspace=ready]")

    expect(page.locator(".flashes")).to_contain_text("Revision 2 saved: 2 claims carried over, 1 to re-check")
    page.get_by_role("tab", name="Claims").click()  # the re-check list sits with the claims
    rechecks = page.locator("#rechecks")
    expect(rechecks.locator(".recheck")).to_have_count(1)
    expect(rechecks).to_contain_text("Crime fell by 12%")
    expect(rechecks.locator(".recheck-after")).to_contain_text("the police chief said on Monday")
    assert in_app(lambda: db.session.get(Claim, crime).review_state) == "submitted"  # back in review
    shots(page, screenshot, "recheck-list", rechecks)
    assert in_app(lambda: db.session.get(Claim, roads).review_state) == "open"

    rechecks.get_by_role("link", name="Crime fell by 12%").click()
    expect(page.locator("#editor-quote")).to_have_text("Crime fell by 12%")
    page.get_by_label("Notes").fill("Checked against the police report again.")
    workspace.wait_saved()
    page.reload()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator("#rechecks")).to_have_count(0)  # read again and edited: done


def test_a_windows_1252_file_imports_with_its_accents(workspace, tmp_path):
    story = tmp_path / "café_prices.txt"
    story.write_bytes("Café prices rose – the mayor’s “plan” cost €4 million.\n\nCritics disagreed.".encode("cp1252"))
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    page.get_by_label("Or upload a file").set_input_files(str(story))
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator("#article-title")).to_have_text("café prices")
    expect(page.locator("#article-text")).to_contain_text("Café prices rose – the mayor’s “plan” cost €4 million.")


def test_a_program_pasted_as_an_article_is_refused_plainly_and_kept(workspace, watchdog):
    watchdog.expect(r"status of 422")
    program = "import os\n\ndef main():\n    return os.getcwd()\n\nmain()"
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    page.get_by_label("Title").fill("Oops")
    page.get_by_label("Text", exact=True).fill(program)
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".field.has-error")).to_contain_text("This looks like a program, not an article.")
    expect(page.get_by_label("Text", exact=True)).to_have_value(program)


@pytest.fixture
def live_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)  # the shipped limits: 400,000 characters, 4 MB a request


def test_a_300000_character_cyrillic_paste_is_imported(workspace):
    sentence = "Бюджет города вырос на четырнадцать процентов, сообщили в мэрии. "
    text = (sentence * (300_000 // len(sentence) + 1))[:300_000].rstrip()
    assert len(text.encode("utf-8")) > 500_000  # over Werkzeug's own per-field limit
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    page.get_by_label("Title").fill("Городской бюджет")
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("html[data-workspace=ready]", timeout=60_000)
    expect(page.locator("#article-title")).to_have_text("Городской бюджет")
    from annotator.models import Article
    assert workspace.in_app(lambda: len(db.session.query(Article).one().text)) == len(text)


def test_the_admin_names_the_publisher_and_the_export_menu_stops_warning(page, live_server, in_app, sign_in, axe,
                                                                        screenshot):
    admin = make_account(in_app, "ada", role="admin")
    sign_in(page, admin)
    page.goto(live_server.url("/"))
    page.get_by_text("Export all").click()
    expect(page.locator(".export-placeholder")).to_contain_text("placeholder publisher “Claim Annotator newsroom”")
    page.locator(".export-placeholder").get_by_role("link", name="Set the publisher").click()
    expect(page.locator("#publisher-placeholder")).to_be_visible()
    assert axe(page) == []
    shots(page, screenshot, "publisher-page")
    page.get_by_label("Name").fill("The Riverton Courier")
    page.get_by_label("Web address").fill("https://courier.example.net/")
    page.get_by_role("button", name="Save publisher").click()
    expect(page.locator(".flashes")).to_contain_text("ClaimReview now names The Riverton Courier")
    expect(page.locator("#publisher-placeholder")).to_have_count(0)
    page.goto(live_server.url("/"))
    expect(page.locator(".export-placeholder")).to_have_count(0)


def test_a_revision_too_big_to_send_comes_back_with_the_edit_kept(workspace, watchdog):
    """The shipped 4 MB limit: an edit over it is refused by the server unread (413)."""
    watchdog.expect(r"status of 413")
    article_id = workspace.import_article(TEXT)
    page = workspace.page
    page.goto(workspace.server.url(f"/articles/{article_id}/revise"))
    edit = TEXT + "\n\n" + "Бюджет города вырос. " * 120_000  # ~4.6 MB of UTF-8
    page.get_by_label("New text").fill(edit)
    page.get_by_label("What changed").fill("Added the annex")
    page.get_by_role("button", name="Save revision 2").click()
    expect(page.locator(".field.has-error")).to_contain_text("Too much to send at once")
    expect(page.locator("#import-kept")).to_be_visible()
    assert page.get_by_label("New text").input_value() == edit
    expect(page.get_by_label("What changed")).to_have_value("Added the annex")


def test_an_edit_and_a_file_together_are_refused_keeping_both(workspace, tmp_path):
    article_id = workspace.import_article(TEXT)
    story = tmp_path / "story.txt"
    story.write_text("The new copy from the file.", encoding="utf-8")
    page = workspace.page
    page.goto(workspace.server.url(f"/articles/{article_id}/revise"))
    page.get_by_label("Or upload a file").set_input_files(str(story))
    page.get_by_role("button", name="Save revision 2").click()
    expect(page.locator("#import-problem")).to_contain_text("You edited the text and chose a file")
    expect(page.get_by_label("New text")).to_have_value(TEXT)
    page.get_by_label("New text").fill("")
    page.get_by_role("button", name="Save revision 2").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator("#article-text")).to_contain_text("The new copy from the file.")
