"""The JSON API under /api/v1: what the pages do, for scripts and the browser code.

One blueprint; each module below adds the routes of one part of the product. Every route
declares its action (views/helpers.requires), which also asks for sign-in.
"""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from annotator.views.api import articles  # noqa: E402,F401  (registers routes)
from annotator.views.api import review  # noqa: E402,F401  (registers routes)
from annotator.views.api import sources  # noqa: E402,F401  (registers routes)
from annotator.views.api import exports  # noqa: E402,F401  (registers routes)
from annotator.views.api import revisions  # noqa: E402,F401  (registers routes)
from annotator.views.api import suggestions  # noqa: E402,F401  (registers routes)
from annotator.views.api import account  # noqa: E402,F401  (registers routes)
from annotator.views.api import assignments  # noqa: E402,F401  (registers routes)
from annotator.views.api import search  # noqa: E402,F401  (registers routes)
from annotator.views.api import live  # noqa: E402,F401  (registers routes)
from annotator.views.api import threads  # noqa: E402,F401  (registers routes)
from annotator.views.api import notifications  # noqa: E402,F401  (registers routes)
from annotator.views.api import claimants  # noqa: E402,F401  (registers routes)
from annotator.views.api import matches  # noqa: E402,F401  (registers routes)
