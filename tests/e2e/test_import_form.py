"""The import form in Chromium: nothing a user typed is lost on an error, and a paste and a file
together are refused before anything is sent."""
import pytest
from playwright.sync_api import expect


@pytest.fixture
def live_app(make_app):
    # A small request limit, so that a paste over it is quick to type.
    return make_app(WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=100_000)


def test_a_paste_too_big_to_send_comes_back_in_the_form(workspace, watchdog):
    watchdog.expect(r"status of 413")
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    text = "Бюджет города вырос на четырнадцать процентов. " * 1500  # ~130 kB of UTF-8
    page.get_by_label("Title").fill("Городской бюджет")
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".field.has-error")).to_contain_text("Your text is kept below")
    expect(page.get_by_label("Text", exact=True)).to_have_value(text)
    expect(page.get_by_label("Title")).to_have_value("Городской бюджет")
    expect(page.locator("#import-kept")).to_be_visible()

    page.get_by_label("Text", exact=True).fill("The council spent $4 million on roads in 2023.")
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("html[data-workspace=ready]")
    page.goto(workspace.server.url("/articles/new"))  # a success empties what the tab kept
    expect(page.get_by_label("Text", exact=True)).to_have_value("")


def test_a_paste_and_a_file_together_are_refused_keeping_both(workspace, tmp_path):
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    story = tmp_path / "story.txt"
    story.write_text("Words from the file.", encoding="utf-8")
    page.get_by_label("Title").fill("Two inputs")
    page.get_by_label("Text", exact=True).fill("Words pasted by hand.")
    page.get_by_label("Or upload a file").set_input_files(str(story))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-problem")).to_contain_text("You pasted text and chose a file")
    expect(page.get_by_label("Text", exact=True)).to_have_value("Words pasted by hand.")
    assert page.get_by_label("Or upload a file").evaluate("input => input.files[0].name") == "story.txt"
    assert "/articles/new" in page.url


def test_a_chosen_file_survives_a_refused_form(workspace, tmp_path, watchdog):
    watchdog.expect(r"status of 422")
    page = workspace.page
    page.goto(workspace.server.url("/articles/new"))
    story = tmp_path / "story.txt"
    story.write_text("Words from the file.\n\nA second paragraph.", encoding="utf-8")
    page.get_by_label("Or upload a file").set_input_files(str(story))
    page.get_by_label("Original URL").fill("not an address")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".field.has-error")).to_contain_text("Enter a full address.")
    expect(page.locator("#import-kept")).to_contain_text("the file story.txt is back in the form")
    page.get_by_label("Original URL").fill("")
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator("#article-title")).to_have_text("story")
    expect(page.locator("#article-text")).to_contain_text("Words from the file.")
