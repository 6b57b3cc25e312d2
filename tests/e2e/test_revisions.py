"""Revising an article in the browser: highlights follow the text, orphans are listed and re-attached."""
from types import SimpleNamespace

from playwright.sync_api import expect

from annotator.extensions import db
from annotator.models import Claim
from tests.conftest import PASSWORD

TEXT = ("Riverton 🚰 council raised water bills by 14% on Tuesday.\n\n"
        "Critics called the plan reckless.")
REVISED = ("Update 👩‍🔬: figures corrected on Wednesday.\n\n"
           "Riverton 🚰 council raised water bills by 14% on Tuesday.\n\n"
           "Critics were unconvinced by the café owners' survey.")
SURVIVOR, GONE, NEW_WORDS = "raised water bills by 14%", "Critics called the plan reckless.", "café owners' survey"


def setup_article():
    from annotator.services import accounts, articles, claims

    editor = accounts.create_user("editor", PASSWORD, "annotator")
    article = articles.import_article(editor, TEXT, title="Water bills")
    for quote in (SURVIVOR, GONE):
        start = article.text.index(quote)
        claims.create_claim(editor, article, start, start + len(quote))
    return SimpleNamespace(username=editor.username), article.id


def claims_of(article_id):
    return {c.quote: (c.start, c.end, c.anchor_state) for c in db.session.query(Claim).filter_by(article_id=article_id)}


def select_text(page, words):
    """Select words inside the article text the way a drag would."""
    page.evaluate("""(words) => {
      const root = document.getElementById("article-text");
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(words);
        if (at >= 0) {
          window.getSelection().setBaseAndExtent(node, at, node, at + words.length);
          return;
        }
      }
      throw new Error("not found: " + words);
    }""", words)


def test_revising_moves_highlights_lists_orphans_and_reattaches_one(page, live_server, in_app, sign_in, screenshot):
    editor, article_id = in_app(setup_article)
    sign_in(page, editor)
    page.goto(live_server.url(f"/articles/{article_id}/revise"))
    page.get_by_label("New text").fill(REVISED)
    page.get_by_label("What changed").fill("Corrected figures")
    page.get_by_role("button", name="Save revision 2").click()

    expect(page.get_by_text("Revision 2 saved: 1 claim carried over, 1 orphaned")).to_be_visible()
    survivor_start = REVISED.index(SURVIVOR)  # code points: the emoji before it count once
    mark = page.locator("mark.hl", has_text=SURVIVOR)
    expect(mark).to_have_attribute("data-start", str(survivor_start))
    orphans = page.locator("#orphans")
    expect(orphans).to_contain_text(GONE)
    screenshot(page, "revisions-orphan-listed", full_page=True)

    select_text(page, NEW_WORDS)
    page.get_by_role("tab", name="Claims").click()  # orphans are listed with the claims
    orphans.get_by_role("button", name="Attach to selection").click()
    expect(page.locator("#orphans")).to_have_count(0)
    expect(page.locator("mark.hl", has_text=NEW_WORDS)).to_be_visible()

    start = REVISED.index(NEW_WORDS)
    assert in_app(claims_of, article_id) == {
        SURVIVOR: (survivor_start, survivor_start + len(SURVIVOR), "anchored"),
        NEW_WORDS: (start, start + len(NEW_WORDS), "anchored"),
    }
    page.goto(live_server.url(f"/articles/{article_id}/revisions/compare"))
    expect(page.locator("#revision-diff ins").first).to_contain_text("Update")
    screenshot(page, "revisions-diff", full_page=True)
