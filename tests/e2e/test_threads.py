"""In Chromium: Ana discusses a claim and mentions Rita with the completion list; Rita's bell
counts it, her list links to the claim with the discussion open, and the worker mails her
(a real huey consumer, a real SMTP server on 127.0.0.1). Once on a laptop's set-up (werkzeug,
the consumer in the test's process), once on a team's (gunicorn with several workers on
PostgreSQL, `annotator worker` in a process of its own)."""
import pytest
from playwright.sync_api import expect

from annotator import worker
from annotator.extensions import db
from tests import servers
from tests.e2e.conftest import make_account, sign_in_at

WIDTHS = (1440, 800, 390)
TEAM_WORKERS = 3
PUBLIC_URL = "http://desk.example"


@pytest.fixture
def live_app(make_app, inbox):
    return make_app(WTF_CSRF_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox[1], PUBLIC_URL=PUBLIC_URL)


@pytest.fixture
def consumer(live_app):
    running = worker.start_embedded(live_app, max_delay=0.2, periodic=False)
    yield running
    running.stop(graceful=True)


@pytest.fixture
def desk(in_app):
    from annotator.models import User
    from annotator.services import mail
    from annotator.services.articles import import_article
    from annotator.services.claims import create_claim

    ana, rita = make_account(in_app, "ana"), make_account(in_app, "rita", "reviewer")
    in_app(lambda: mail.set_preference(db.session.get(User, rita.id), "rita@example.org", "immediately"))

    def article_and_claim():
        user = db.session.get(User, ana.id)
        article = import_article(user, "The council spent $4 million on roads in 2023, the mayor said.", title="Council budget")
        claim = create_claim(user, article, 18, 28)[0]
        return article.id, claim.id
    article_id, claim_id = in_app(article_and_claim)
    return ana, rita, article_id, claim_id


def test_a_mention_rings_the_bell_links_to_the_claim_and_sends_mail(new_context, live_server, sign_in, desk, inbox,
                                                                     consumer, screenshot):
    ana, rita, article_id, claim_id = desk
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}#claim-{claim_id}"))
    box = page.locator("#claim-discussion")
    box.get_by_label("Comment").press_sequentially("Is this the 2023 figure, @ri")
    option = box.get_by_role("option", name="@rita Rita")
    option.wait_for()
    box.get_by_label("Comment").press("Enter")
    assert box.get_by_label("Comment").input_value() == "Is this the 2023 figure, @rita "
    box.get_by_label("Comment").press_sequentially("?")
    box.get_by_role("button", name="Comment").click()
    box.locator(".comment .mention").wait_for()
    assert box.locator(".comment-body").inner_text() == "Is this the 2023 figure, @rita ?"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        box.scroll_into_view_if_needed()
        screenshot(page, f"discussion-{width}")

    other = new_context().new_page()
    sign_in(other, rita)
    other.goto(live_server.url("/my-work"))
    bell = other.locator("#nav-bell")
    assert bell.get_attribute("aria-label") == "Notifications, 1 unread"
    bell.click()
    for width in WIDTHS:
        other.set_viewport_size({"width": width, "height": 900})
        screenshot(other, f"notifications-{width}", full_page=True)
    other.get_by_role("button", name="Ana mentioned you on Council budget").click()
    other.wait_for_url(f"**/articles/{article_id}#claim-{claim_id}")
    other.locator("#claim-discussion .comment-body").filter(has_text="2023 figure").wait_for()
    assert other.locator("#bell-count").count() == 0

    [message] = inbox[0].wait_for(1)
    assert message["To"] == "Rita <rita@example.org>" and message["Subject"] == "Ana mentioned you on Council budget"
    assert f"http://desk.example/articles/{article_id}#claim-{claim_id}" in message.get_content()


@pytest.fixture
def team(postgres_only, database_url, tmp_path, inbox):
    """The team's set-up: gunicorn with several workers and the mail worker in a process of its
    own, both on this test's PostgreSQL database and one queue, mailing to the test's SMTP server."""
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox[1], "PUBLIC_URL": PUBLIC_URL}
    with servers.gunicorn(database_url, tmp_path, TEAM_WORKERS, **mail) as server, \
            servers.mail_worker(database_url, tmp_path, **mail):
        yield server


def test_on_a_team_set_up_a_mention_rings_the_bell_and_the_worker_process_mails_it(postgres_only, desk, team,
                                                                                   inbox, new_context):
    ana, rita, article_id, claim_id = desk
    page = sign_in_at(team, new_context().new_page(), ana)
    page.goto(team.url(f"/articles/{article_id}#claim-{claim_id}"))
    box = page.locator("#claim-discussion")
    box.get_by_label("Comment").fill("Which year is this, @rita?")
    box.get_by_role("button", name="Comment").click()
    box.locator(".comment .mention").wait_for()

    other = sign_in_at(team, new_context().new_page(), rita)
    other.goto(team.url("/my-work"))
    bell = other.locator("#nav-bell")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    bell.click()
    other.get_by_role("button", name="Ana mentioned you on Council budget").click()
    other.wait_for_url(f"**/articles/{article_id}#claim-{claim_id}")
    other.locator("#claim-discussion .comment-body").filter(has_text="Which year").wait_for()

    # The worker polls its queue, backing off to 10 s when idle: allow for one long nap.
    [message] = inbox[0].wait_for(1, timeout=servers.START_SECONDS)
    assert message["To"] == "Rita <rita@example.org>" and message["Subject"] == "Ana mentioned you on Council budget"
    assert f"{PUBLIC_URL}/articles/{article_id}#claim-{claim_id}" in message.get_content()


def test_an_unknown_mention_is_refused_in_words(new_context, live_server, sign_in, desk, watchdog):
    ana, _, article_id, claim_id = desk
    watchdog.expect(r"422")
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}"))
    box = page.locator("#discussion")
    box.get_by_label("Comment").fill("@nobody look")
    box.get_by_role("button", name="Comment").click()
    error = box.get_by_role("alert")
    error.wait_for()
    assert "No account is named @nobody" in error.inner_text()
