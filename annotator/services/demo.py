"""The demo article: fictional copy with a few claims marked by hand."""
from pathlib import Path

from annotator import permissions
from annotator.services.articles import import_article
from annotator.services.claims import create_claim
from annotator.services.suggestions import add_suggestions

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_article.txt"
# (quote, claimant, verdict) marked by hand so the demo shows every kind of highlight.
DEMO_CLAIMS = (
    ("raise household water bills by 14% from 1 March", "Riverton city council", "accurate"),
    ("Our reservoirs fell to 31 per cent of capacity in August.", "Elena Vasquez", "mostly_accurate"),
    ("The utility's losses were half what the mayor claims", "Tom Okafor", "misleading"),
    ("leaks account for roughly a quarter of all treated water lost in the city's network", "Amira Haddad", None),
)


def load_demo(actor, threshold=None):
    """Import the demo article, mark its example claims and let the detector suggest more."""
    permissions.check(actor, "article.demo")
    headline, _, body = DEMO_FILE.read_text(encoding="utf-8").partition("\n\n")
    article = import_article(
        actor, body, title=headline.strip(), byline="Demo Desk",
        outlet="The Riverton Courier (fictional)", language="en",
    )
    for quote, claimant, verdict in DEMO_CLAIMS:
        start = article.text.index(quote)
        create_claim(actor, article, start, start + len(quote), claimant=claimant, verdict_key=verdict)
    add_suggestions(actor, article, threshold)
    return article
