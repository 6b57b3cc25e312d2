"""A newcomer's first minutes: set up the first admin, load the demo, see its claims."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_first_admin_loads_the_demo_and_sees_its_highlights(page, live_server, screenshot):
    page.goto(live_server.url("/"))
    expect(page).to_have_url(live_server.url("/setup"))
    screenshot(page, "first-run-setup", full_page=True)

    page.get_by_label("Username").fill("chief")
    page.get_by_label("Display name").fill("Chief Editor")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create administrator").click()
    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_text("Your administrator account is ready")).to_be_visible()
    screenshot(page, "first-run-articles", full_page=True)

    page.get_by_role("button", name="Load the demo article").last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverton council approves")
    expect(page.locator("mark.hl").first).to_be_visible()
    assert page.locator("mark.hl").count() >= 4
    expect(page.locator("mark.hl", has_text="raise household water bills by 14% from 1 March")).to_be_visible()
    screenshot(page, "first-run-demo-article", full_page=True)
