"""What a newcomer walking both desks found: keys after a click or Escape, a double accept,
the claim head's count, state badges and the detector's confidence in plain words."""
from playwright.sync_api import expect

TEXT = "The council spent $4 million on roads. Crime fell by 12%. Taxes rose 3%. Rents doubled."
CLAIMS = ("The council spent $4 million on roads.", "Taxes rose 3%.")
SUGGESTIONS = ("Crime fell by 12%.", "Rents doubled.")
# Two keydowns in one task: the second arrives while the first decision is still on its way.
PRESS_TWICE = """(key) => { for (let i = 0; i < 2; i += 1) document.body.dispatchEvent(
  new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })); }"""


def article_with_suggestions(workspace):
    article_id = workspace.import_article(TEXT)
    for quote in CLAIMS:
        workspace.add_claim(article_id, quote)
    for quote in SUGGESTIONS:
        workspace.add_claim(article_id, quote, review_state="suggested", origin="detector", score=0.9)
    return article_id


def test_the_verdict_keys_work_after_a_verdict_is_clicked_and_after_escape_on_another_tab(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, CLAIMS[0])
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    page.locator("label.verdict-option", has_text="Accurate").first.click()  # the focus is on the radio now
    page.keyboard.press("3")
    expect(page.locator('input[name="verdict"][value="mixed"]')).to_be_checked()
    page.get_by_role("tab", name="Claims").click()
    page.get_by_label("State", exact=True).focus()
    page.keyboard.press("Escape")  # leaves the filter, though the claim's head is on another tab
    page.keyboard.press("5")
    expect(page.locator("#toast-text")).to_have_text("Verdict: False.")
    workspace.wait_saved()
    assert workspace.claims(article_id)[0]["verdict"] == "false"


def test_pressing_a_twice_quickly_accepts_the_suggestion_once_without_an_error(workspace):
    article_id = article_with_suggestions(workspace)
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl-suggested").first.click()
    expect(page.locator("#suggestion-box")).to_be_visible()
    page.evaluate(PRESS_TWICE, "a")
    expect(page.locator("#editor-state")).to_have_text("Open")
    expect(page.locator("#toast-text")).to_have_text("Suggestion accepted.")
    page.wait_for_timeout(300)  # a second request would have been answered by now
    expect(page.locator("#toast-text")).to_have_text("Suggestion accepted.")


def test_the_claim_head_counts_claims_and_suggestions_apart(workspace):
    article_id = article_with_suggestions(workspace)
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl", has_text=CLAIMS[1]).click()
    expect(page.locator("#editor-title")).to_have_text("Claim 2 of 2")
    page.locator("#article-text mark.hl", has_text=SUGGESTIONS[0]).click()
    expect(page.locator("#editor-title")).to_have_text("Suggestion 1 of 2")
    expect(page.locator("#suggestion-why")).to_contain_text("Detector confidence: high (90%).")
    expect(page.locator("#suggestion-why")).not_to_contain_text("score")


def test_state_badges_are_in_sentence_case_words(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, CLAIMS[0], verdict_key="false", review_state="submitted")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    badge = page.locator("#editor-state")
    expect(badge).to_have_text("Waiting for review")
    expect(page.locator(".kicker .state")).to_have_text("Annotating")
    for shown in (badge, page.locator(".kicker .state")):
        assert shown.evaluate("(el) => getComputedStyle(el).textTransform") == "none"
