"""The organisation ClaimReview names as publisher: set by an administrator on the Publisher
page, else the configured PUBLISHER_NAME and PUBLISHER_URL (placeholders until someone sets them)."""
from flask import current_app

from annotator.config import DEFAULTS
from annotator.services import settings

SETTING = "claimreview_publisher"


def configured_publisher():
    """Return the configured publisher, {"name", "url"}, the default until an administrator sets one."""
    return {"name": current_app.config["PUBLISHER_NAME"], "url": current_app.config["PUBLISHER_URL"]}


def current_publisher():
    """Return the publisher ClaimReview names now, {"name", "url"}."""
    return settings.get_setting(SETTING, None) or configured_publisher()


def set_publisher(actor, name, url):
    """Name the publisher (administrators only); a sign-off made before keeps the one it recorded."""
    return settings.set_setting(actor, SETTING, {"name": name, "url": url}, current_publisher())


def is_placeholder(publisher):
    """Tell whether a publisher is still the shipped placeholder (by its name or its address)."""
    return publisher["name"] == DEFAULTS["PUBLISHER_NAME"] or publisher["url"] == DEFAULTS["PUBLISHER_URL"]


def placeholder_warning(publisher):
    """Return the warning an export with the placeholder publisher carries, else None."""
    if not is_placeholder(publisher):
        return None
    return (f"Warning: ClaimReview names the placeholder publisher {publisher['name']} ({publisher['url']}); "
            "an administrator sets the real one on the Publisher page (/admin/publisher).")
