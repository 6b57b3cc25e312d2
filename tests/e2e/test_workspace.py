"""The annotation workspace in Chromium: highlights, making claims, the panel, saving."""
from playwright.sync_api import expect

from tests.e2e.conftest import make_account

EMOJI_TEXT = (
    "The mayor 👩🏽‍💼 said the 🚰 budget rose by 14% in 2023.\n\n"
    "Spin\u0308al Tap fans in São Paulo paid R$ 4.2 million, a spokesman said.\n\n"
    "قال الوزير إن الميزانية ارتفعت بنسبة 14٪ هذا العام."
)
SOURCE = {
    "url": "https://stats.example.org/budget", "title": "Budget 2023", "publisher": "City Statistics",
    "published_on": "2024-02-01", "passage": "Spending on water rose 14%.", "relation": "refutes",
    "archive_url": "https://archive.example.org/budget",
}


def fill_source(page, fields):
    page.locator("#add-source summary").click()
    form = page.locator("#source-form")
    for name, value in fields.items():
        field = form.locator(f'[data-name="{name}"]')
        if name == "relation":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Add source").click()


def test_a_claim_made_by_selecting_text_with_emoji_keeps_its_offsets(workspace, screenshot):
    article_id = workspace.import_article(EMOJI_TEXT)
    page = workspace.open(article_id)
    quote = "the 🚰 budget rose by 14% in 2023"
    workspace.select_text(quote)
    page.get_by_role("button", name="Mark as claim").click()
    page.get_by_label("Claimant").fill("The mayor 👩🏽‍💼")
    page.get_by_role("radio", name="False").check()
    fill_source(page, SOURCE)
    page.get_by_label("Notes").fill("Called the city's press office ☎️ on Monday.")
    workspace.wait_saved()
    screenshot(page, "workspace-new-claim", full_page=True)

    [claim] = workspace.claims(article_id)
    start = EMOJI_TEXT.index(quote)
    assert (claim["start"], claim["end"], claim["quote"]) == (start, start + len(quote), quote)
    assert (claim["claimant"], claim["verdict"]) == ("The mayor 👩🏽‍💼", "false")
    assert claim["notes"] == "Called the city's press office ☎️ on Monday."
    assert claim["sources"] == [SOURCE]

    page.reload()
    page.wait_for_selector("html[data-workspace=ready]")
    mark = page.locator("#article-text mark.hl")
    expect(mark).to_have_text(quote)
    mark.click()
    expect(page.get_by_label("Claimant")).to_have_value("The mayor 👩🏽‍💼")
    expect(page.get_by_role("radio", name="False")).to_be_checked()
    expect(page.locator("#source-list .source-title")).to_have_text("Budget 2023")


def test_selections_cover_whole_graphemes_and_right_to_left_text(workspace):
    article_id = workspace.import_article(EMOJI_TEXT)
    page = workspace.open(article_id)
    # A selection ending between "n" and its combining diaeresis takes the diaeresis too.
    workspace.select_text("Spin")
    page.keyboard.press("c")
    rtl = "الميزانية ارتفعت"
    workspace.select_text(rtl)
    page.get_by_role("button", name="Mark as claim").click()
    workspace.wait_saved()
    claims = {c["quote"]: c for c in workspace.claims(article_id)}
    assert len(claims) == 2, claims
    spinal = EMOJI_TEXT.index("Spin\u0308")
    assert (claims["Spin\u0308"]["start"], claims["Spin\u0308"]["end"]) == (spinal, spinal + 5)
    assert claims[rtl]["start"] == EMOJI_TEXT.index(rtl)


def test_offsets_convert_between_utf16_and_code_points(workspace):
    article_id = workspace.import_article("Plain.")
    page = workspace.open(article_id)
    result = page.evaluate("""async () => {
      const o = await import("/static/js/offsets.js");
      const text = "a👩🏽‍💼b e\\u0301 ع";
      return {
        length: o.cpLength(text), afterEmoji: o.cpFromUtf16(text, 8), back: o.utf16FromCp(text, 6),
        snapped: o.snapToGraphemes(text, 2, 3), accent: o.snapToGraphemes(text, 10, 11),
      };
    }""")
    # "a" + 4 code points of emoji (woman, skin tone, ZWJ, briefcase) = 8 UTF-16 units.
    assert result == {"length": 11, "afterEmoji": 5, "back": 9, "snapped": [1, 8], "accent": [10, 12]}


def test_overlapping_claims_split_into_fragments_and_let_the_user_choose(workspace, screenshot):
    text = "The council spent $4 million on roads in 2023, the mayor said on Tuesday."
    article_id = workspace.import_article(text)
    outer = workspace.add_claim(article_id, "The council spent $4 million on roads in 2023", verdict_key="accurate")
    inner = workspace.add_claim(article_id, "$4 million on roads", verdict_key="false")
    workspace.add_claim(article_id, "in 2023, the mayor said")
    page = workspace.open(article_id)
    marks = page.locator("#article-text mark.hl")
    assert marks.all_text_contents() == [
        "The council spent ", "$4 million on roads", " ", "in 2023", ", the mayor said"]
    assert marks.nth(1).get_attribute("data-claims").split() == [str(outer), str(inner)]
    expect(marks.nth(1)).to_have_class("hl v-false rs-open hl-overlap hl-end")
    marks.nth(1).click()
    chooser = page.locator("#chooser")
    expect(chooser.get_by_role("button")).to_have_count(2)
    screenshot(page, "workspace-overlap-chooser")
    chooser.get_by_role("button").first.click()  # innermost first
    expect(page.locator("#editor-quote")).to_have_text("$4 million on roads")
    expect(page.locator(f'mark[data-claims~="{inner}"].is-active')).to_have_count(1)


def test_moving_a_claims_end_redraws_its_highlight(workspace):
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    claim_id = workspace.add_claim(article_id, "$4 million")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()
    page.get_by_role("button", name="End one word later").click()
    page.keyboard.press(".")
    workspace.wait_saved()
    expect(page.locator("#article-text mark.hl")).to_have_text("$4 million on roads")
    assert workspace.claims(article_id)[0]["quote"] == "$4 million on roads"
    assert workspace.claims(article_id)[0]["id"] == claim_id


def test_deleting_a_claim_can_be_undone(workspace):
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    workspace.add_claim(article_id, "$4 million", claimant="The council", verdict_key="mixed")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()
    page.get_by_role("button", name="Delete claim").click()
    expect(page.locator("#article-text mark.hl")).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Claim deleted")
    page.wait_for_function("() => !document.querySelector('#save-status[data-state=saving]')")
    assert workspace.claims(article_id) == []
    page.get_by_role("button", name="Undo").click()
    workspace.wait_saved()
    [claim] = workspace.claims(article_id)
    assert (claim["quote"], claim["claimant"], claim["verdict"]) == ("$4 million", "The council", "mixed")
    expect(page.locator("#article-text mark.hl")).to_have_text("$4 million")


def test_two_people_editing_one_claim_lose_nothing(workspace, new_context, sign_in, screenshot, watchdog):
    watchdog.expect(r"status of 409")
    watchdog.expect(r"Failed to load resource|net::ERR_FAILED")
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    workspace.add_claim(article_id, "$4 million", notes="First look.")
    mine = workspace.open(article_id)
    # Ana's live feed is held back, so she has not seen Bo's save when she types over the same notes.
    mine.route("**/api/v1/articles/*/changes*", lambda route: route.abort())
    other = new_context().new_page()
    sign_in(other, make_account(workspace.in_app, "bo"))
    workspace.open(article_id, other)

    other.locator("#article-text mark.hl").click()
    other.get_by_label("Notes").fill("Bo: the budget says $4.1 million.")
    workspace.wait_saved(other)

    mine.locator("#article-text mark.hl").click()
    mine.get_by_label("Claimant").fill("The council")  # a field Bo did not touch: merged silently
    mine.get_by_label("Notes").fill("Ana: confirmed with the treasurer.")
    conflict = mine.locator("#conflicts")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".theirs")).to_have_text("Bo: the budget says $4.1 million.")
    expect(conflict.locator(".mine")).to_have_text("Ana: confirmed with the treasurer.")
    screenshot(mine, "workspace-conflict")
    assert workspace.claims(article_id)[0]["claimant"] == "The council"

    conflict.get_by_role("button", name="Keep mine").click()
    workspace.wait_saved(mine)
    claim = workspace.claims(article_id)[0]
    assert claim["notes"] == "Ana: confirmed with the treasurer."
    assert claim["claimant"] == "The council"


def test_a_failed_save_says_not_saved_and_retries_once_with_the_same_key(workspace, watchdog):
    watchdog.expect(r"Failed to load resource|ERR_FAILED")
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    page = workspace.open(article_id)
    posts = []
    page.route("**/api/v1/articles/*/claims", lambda route: (posts.append(route.request.headers["idempotency-key"]), route.abort()))
    workspace.select_text("$4 million")
    page.keyboard.press("c")
    expect(page.locator("#save-status")).to_contain_text("Not saved")
    expect(page.get_by_role("button", name="Retry now")).to_be_visible()
    assert workspace.claims(article_id) == []

    page.unroute("**/api/v1/articles/*/claims")
    page.route("**/api/v1/articles/*/claims", lambda route: (posts.append(route.request.headers["idempotency-key"]), route.continue_()))
    page.get_by_role("button", name="Retry now").click()
    workspace.wait_saved()
    assert len(workspace.claims(article_id)) == 1
    assert len(set(posts)) == 1 and len(posts) >= 2


def test_a_lost_response_is_retried_without_a_second_claim(workspace, watchdog):
    watchdog.expect(r"Failed to load resource|ERR_FAILED")
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    page = workspace.open(article_id)
    state = {"first": True}

    def lose_first_answer(route):
        response = route.fetch()  # the server does the work...
        if state.pop("first", False):
            route.abort()  # ...but the answer never arrives
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/articles/*/claims", lose_first_answer)
    workspace.select_text("$4 million")
    page.keyboard.press("c")
    page.get_by_label("Claimant").fill("The council")
    workspace.wait_saved()
    claims = workspace.claims(article_id)
    assert len(claims) == 1 and claims[0]["claimant"] == "The council"


def test_unsaved_text_survives_a_reload_and_an_expired_session(workspace, sign_in, watchdog):
    watchdog.expect(r"Failed to load resource|status of 40[01]")
    article_id = workspace.import_article("The council spent $4 million on roads in 2023.")
    workspace.add_claim(article_id, "$4 million")
    page = workspace.open(article_id)
    page.context.clear_cookies()  # the session expires
    page.locator("#article-text mark.hl").click()
    page.get_by_label("Notes").fill("Typed while signed out.")
    expect(page.locator("#save-status")).to_contain_text("signed out")
    page.reload()  # -> the login page
    sign_in(page, workspace.user)
    workspace.open(article_id)
    workspace.wait_saved()
    assert workspace.claims(article_id)[0]["notes"] == "Typed while signed out."
    assert page.evaluate("() => Object.keys(localStorage).length") == 0


def test_the_whole_annotation_from_the_keyboard(workspace, screenshot):
    text = "The council spent $4 million on roads. The mayor said crime fell by 12%. Nobody objected."
    article_id = workspace.import_article(text)
    page = workspace.open(article_id)
    page.locator("body").focus()
    page.keyboard.press("]")  # first sentence
    page.keyboard.press("Shift+ArrowLeft")  # drop the last word...
    page.keyboard.press("Shift+ArrowRight")  # ...and take it back
    page.keyboard.press("c")
    page.keyboard.press("5")  # False
    page.keyboard.press("p")
    page.keyboard.type("The council")
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    page.keyboard.type("Budget papers say $3.2 million.")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.keyboard.type("https://budget.example.org/2023")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("]")  # next sentence
    page.keyboard.press("Enter")
    page.keyboard.press("1")
    page.keyboard.press("k")  # back to the first claim
    expect(page.locator("#editor-quote")).to_have_text("The council spent $4 million on roads.")
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    screenshot(page, "workspace-help")
    page.keyboard.press("Escape")
    workspace.wait_saved()
    first, second = workspace.claims(article_id)
    assert (first["quote"], first["verdict"], first["claimant"]) == ("The council spent $4 million on roads.", "false", "The council")
    assert first["notes"] == "Budget papers say $3.2 million."
    assert first["sources"][0]["url"] == "https://budget.example.org/2023"
    assert (second["quote"], second["verdict"]) == ("The mayor said crime fell by 12%.", "accurate")
    page.keyboard.press("Shift+S")
    page.get_by_role("button", name="Submit for review").last.press("Enter")
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator(".kicker .state")).to_have_text("In review")


def test_the_claim_list_filters_by_verdict_and_state(workspace):
    article_id = workspace.import_article("One claim here. Two claims here. Three claims here.")
    workspace.add_claim(article_id, "One claim here.", verdict_key="accurate")
    workspace.add_claim(article_id, "Two claims here.")
    workspace.add_claim(article_id, "Three claims here.", review_state="suggested")
    page = workspace.open(article_id)
    page.get_by_role("tab", name="Claims").click()
    items = page.locator("#claim-list li:visible")
    expect(items).to_have_count(3)
    expect(page.locator("#progress-text")).to_have_text("1 of 2 claims rated · 1 suggestion to decide")
    page.get_by_label("Verdict", exact=True).select_option("unrated")
    expect(items).to_have_count(2)
    page.get_by_label("State", exact=True).select_option("suggested")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("Three claims here.")
    expect(page.locator("mark.hl-suggested")).to_have_text("Three claims here.")


def test_a_claim_with_a_retired_verdict_shows_it_not_the_last_claims_choice(workspace, screenshot):
    from annotator.extensions import db
    from annotator.models import Verdict

    article_id = workspace.import_article("One claim here. Two claims here.")
    workspace.add_claim(article_id, "One claim here.", verdict_key="accurate")
    workspace.add_claim(article_id, "Two claims here.", verdict_key="false")
    workspace.in_app(lambda: setattr(db.session.query(Verdict).filter_by(key="false").one(), "active", False))
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl", has_text="One claim here.").click()
    expect(page.get_by_role("radio", name="Accurate", exact=True)).to_be_checked()
    page.locator("#article-text mark.hl", has_text="Two claims here.").click()
    retired = page.get_by_role("radio", name="False (retired)")
    expect(retired).to_be_checked()
    expect(retired).to_be_disabled()
    expect(page.get_by_role("radio", name="Accurate", exact=True)).not_to_be_checked()
    expect(page.locator("#claim-list")).to_contain_text("False (retired)")
    screenshot(page, "workspace-retired-verdict")
    page.keyboard.press("1")  # the keys still choose active verdicts only
    expect(page.get_by_role("radio", name="Accurate", exact=True)).to_be_checked()


def test_a_verdict_an_admin_added_still_colours_and_marks_its_claims(workspace, screenshot):
    from annotator.extensions import db
    from annotator.models import Verdict

    workspace.in_app(lambda: db.session.add(Verdict(key="pants_on_fire", label="Pants on fire", rating=1, position=99)))
    article_id = workspace.import_article("One claim here. Two claims here.")
    workspace.add_claim(article_id, "One claim here.", verdict_key="pants_on_fire")
    workspace.add_claim(article_id, "Two claims here.")
    page = workspace.open(article_id)
    custom = page.locator("#article-text mark.hl", has_text="One claim here.")
    unrated = page.locator("#article-text mark.hl", has_text="Two claims here.")
    background = "el => getComputedStyle(el).backgroundColor"
    mark = "el => getComputedStyle(el, '::after').content"
    assert custom.evaluate(background) not in ("rgba(0, 0, 0, 0)", unrated.evaluate(background))
    assert custom.evaluate(mark) not in ("none", "normal", unrated.evaluate(mark))
    screenshot(page, "workspace-custom-verdict")


def test_a_repaint_keeps_the_readers_selection(workspace):
    """Rating the open claim repaints its paragraph; the sentence selected next stays selected."""
    article_id = workspace.import_article("The council spent $4 million on roads. The mayor said crime fell by 12%.")
    page = workspace.open(article_id)
    page.locator("body").focus()
    page.keyboard.press("]")
    page.keyboard.press("Enter")  # the first sentence becomes a claim and opens
    workspace.wait_saved()
    page.keyboard.press("]")  # select the second sentence...
    page.keyboard.press("5")  # ...rate the open claim, which repaints the paragraph...
    assert page.evaluate("window.getSelection().toString()") == "The mayor said crime fell by 12%."
    page.keyboard.press("Enter")  # ...and the selection still becomes a claim
    expect(page.locator("#editor-quote")).to_have_text("The mayor said crime fell by 12%.")
    workspace.wait_saved()
    assert [(c["quote"], c["verdict"]) for c in workspace.claims(article_id)] == [
        ("The council spent $4 million on roads.", "false"), ("The mayor said crime fell by 12%.", None)]
