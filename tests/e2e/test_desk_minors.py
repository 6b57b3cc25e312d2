"""The smaller faults of the annotator's desk (issue 15): counts, quotes, help, the submit dialog."""
from playwright.sync_api import expect

TEXT = "“The budget is a disgrace,” the mayor said. The council spent $4 million on roads. Crime fell by 12%."


def test_the_counts_agree_while_only_suggestions_are_there(workspace):
    article_id = workspace.import_article(TEXT)
    for quote in ("The council spent $4 million on roads.", "Crime fell by 12%."):
        workspace.add_claim(article_id, quote, review_state="suggested", origin="detector", score=0.9)
    page = workspace.open(article_id)
    expect(page.locator("#claims-count")).to_have_text("0 · 2 to decide")
    expect(page.locator("#progress-text")).to_have_text("0 of 0 claims rated · 2 suggestions to decide")
    page.locator("#article-text mark.hl").first.click()
    page.get_by_role("button", name="Accept a").click()
    expect(page.locator("#claims-count")).to_have_text("1 · 1 to decide")
    expect(page.locator("#progress-text")).to_have_text("0 of 1 claims rated · 1 suggestion to decide")
    expect(page.locator('#review [data-count="open"]')).to_have_text("1")
    expect(page.locator('#review [data-count="suggested"]')).to_have_text("1")


def test_the_counts_include_a_claim_a_revision_orphaned(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Article, User
    from annotator.services.revisions import revise_article

    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "Crime fell by 12%.", verdict_key="accurate")
    workspace.add_claim(article_id, "The council spent $4 million on roads.")

    def revise():
        article = db.session.get(Article, article_id)
        revise_article(db.session.get(User, workspace.user.id), article, TEXT.replace(" Crime fell by 12%.", ""))

    in_app(revise)
    page = workspace.open(article_id)
    expect(page.locator("#progress-text")).to_have_text("1 of 2 claims rated")
    expect(page.locator('#review [data-count="open"]')).to_have_text("2")
    page.locator("body").focus()
    page.keyboard.press("Shift+S")
    expect(page.locator("#submit-summary")).to_contain_text("2 claims, 1 rated.")
    expect(page.locator("#submit-summary")).to_contain_text("1 is orphaned by a revision")


def test_the_submit_dialog_does_not_offer_what_the_server_refuses(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "The council spent $4 million on roads.", verdict_key="false")
    workspace.add_claim(article_id, "Crime fell by 12%.", review_state="suggested", origin="detector", score=0.9)
    page = workspace.open(article_id)
    page.locator("body").focus()
    page.keyboard.press("Shift+S")
    dialog = page.locator("#submit-dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Not ready to submit")
    expect(dialog).to_contain_text("1 suggestion still needs a decision")
    expect(dialog.get_by_role("button", name="Submit for review")).to_be_hidden()
    dialog.get_by_role("button", name="Show the first suggestion").click()
    expect(page.locator("#editor-quote")).to_have_text("Crime fell by 12%.")
    expect(page.locator("#suggestion-box")).to_be_visible()
    expect(page.locator("#review button[type=submit]").first).to_be_disabled()

    page.keyboard.press("a")  # accept it: now the article may go
    expect(page.locator("#suggestion-box")).to_be_hidden()
    page.keyboard.press("Shift+S")
    expect(dialog.get_by_role("heading")).to_have_text("Submit for review?")
    expect(dialog).to_contain_text("1 still has no verdict")
    expect(dialog.get_by_role("button", name="Submit for review")).to_be_visible()


def test_quotes_are_not_doubled_in_lists(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "“The budget is a disgrace,” the mayor said.", verdict_key="mixed")
    workspace.add_claim(article_id, "Crime fell by 12%.", review_state="suggested", origin="detector", score=0.9)
    page = workspace.open(article_id)
    expect(page.locator("#claim-list .claim-quote").first).to_have_text("“The budget is a disgrace,” the mayor said.")
    expect(page.locator("#claim-list .claim-quote").last).to_have_text("“Crime fell by 12%.”")
    expect(page.locator(".suggestion-list .claim-quote")).to_have_text("“Crime fell by 12%.”")


def test_the_help_names_the_keys_the_scale_has(workspace):
    article_id = workspace.import_article(TEXT)
    page = workspace.open(article_id)
    page.get_by_role("button", name="Shortcuts").click()
    help_box = page.locator("#help")
    expect(help_box).to_contain_text("1–7, 0")
    expect(help_box).not_to_contain_text("1–9")
    page.keyboard.press("Escape")
    workspace.select_text("Crime fell by 12%.")
    page.keyboard.press("c")
    expect(page.locator("#toast")).to_contain_text("Set its verdict with 1 to 7")


def test_the_new_notices_and_dialogs_have_no_wcag_violations(workspace, axe, watchdog):
    watchdog.expect(r"status of 422")
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "The council spent $4 million on roads.")
    workspace.add_claim(article_id, "Crime fell by 12%.", review_state="suggested", origin="detector", score=0.9)
    first = workspace.open(article_id)
    second = workspace.open(article_id, first.context.new_page())
    for tab in (first, second):
        tab.locator("#article-text mark.hl").first.click()
    first.get_by_role("radio", name="False", exact=True).check()
    expect(second.locator("#editor-news")).to_be_visible()
    assert axe(second) == []
    second.locator("body").focus()
    second.keyboard.press("Shift+S")
    expect(second.locator("#submit-dialog")).to_be_visible()
    assert axe(second) == []
    second.goto(workspace.server.url("/articles/new"))
    second.get_by_role("button", name="Import").click()
    assert axe(second) == []


def test_a_source_typed_without_https_is_saved_as_a_link_that_opens_apart(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "The council spent $4 million on roads.")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    page.locator("#add-source summary").click()
    form = page.locator("#source-form")
    form.locator('[data-name="url"]').fill("budget.example.org/2023")
    form.locator('[data-name="title"]').fill("Budget 2023")
    form.locator('[data-name="publisher"]').fill("City of Riverton")
    form.get_by_role("button", name="Add source").click()
    workspace.wait_saved()
    assert workspace.claims(article_id)[0]["sources"][0]["url"] == "https://budget.example.org/2023"
    link = page.locator("#source-list a.source-link")
    expect(link).to_have_attribute("href", "https://budget.example.org/2023")
    expect(link).to_have_attribute("target", "_blank")
    assert "noopener" in link.get_attribute("rel")
    expect(page.locator("#source-list .source")).to_contain_text("Budget 2023")
    expect(page.locator("#source-list .source")).to_contain_text("City of Riverton")


def test_slash_opens_the_claims_tab_at_its_filters_from_any_tab(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "Crime fell by 12%.")
    page = workspace.open(article_id)
    page.get_by_role("tab", name="Article").click()
    page.locator("#article-text").click()  # out of the tab list: the single keys act on the page
    page.keyboard.press("/")
    expect(page.get_by_role("tab", name="Claims")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#filter-verdict")).to_be_focused()
