"""Screenshots of the two desks (annotator, reviewer) at 1440, 800 and 390 px wide.

    python scripts/desk_screenshots.py docs/screenshots

The demo article in a throw-away instance: the annotator has decided the suggestions, sent it
for review, and the reviewer has approved one claim and sent one back. PNGs go to the folder
given (docs/screenshots/ for the README), each a 1-viewport shot, palette-quantised when Pillow
is there so each stays small.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from annotator.extensions import db  # noqa: E402
from load.harness import app_for, new_database  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "screens-password-one"
WIDTHS = {"wide": (1440, 900), "medium": (800, 1000), "phone": (390, 844)}


def seed(app):
    """Return the demo article's id, sent for review, one claim approved and one sent back."""
    from annotator.models import Claim
    from annotator.services import accounts, demo, review, suggestions

    with app.app_context():
        ana = accounts.create_user("ana", PASSWORD, "annotator", "Ana Ortiz")
        rey = accounts.create_user("rey", PASSWORD, "reviewer", "Rey Kim")
        article = demo.load_demo(ana)
        suggestions.decide_suggestions(ana, article, "dismiss")
        review.submit_article(ana, article.id)
        claims = db.session.query(Claim).filter_by(article_id=article.id, review_state="submitted").order_by(Claim.start).all()
        review.approve_claim(rey, claims[0].id)
        review.request_changes(rey, claims[1].id, "Name the report: which statistics office, which year?")
        db.session.commit()
        return article.id


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def shrink(path):
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=128).save(path, optimize=True)


def shoot(browser, base, article_id, role, folder):
    for name, (width, height) in WIDTHS.items():
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        sign_in(page, base, role)
        page.goto(f"{base}/articles/{article_id}")
        page.wait_for_selector("html[data-workspace=ready]")
        # The annotator opens the claim sent back to him, the reviewer one waiting for review.
        page.locator("#article-text mark.hl").nth(1 if role == "ana" else 2).click()
        page.wait_for_timeout(300)
        path = Path(folder) / f"{'annotator' if role == 'ana' else 'reviewer'}-{name}.png"
        page.screenshot(path=str(path))
        shrink(path)
        page.context.close()


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"
    Path(folder).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as root:
        app = app_for(new_database(root), root)
        article_id = seed(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True,
                                                 env={**os.environ, "HOME": root})
            for role in ("ana", "rey"):
                shoot(browser, base, article_id, role, folder)
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
