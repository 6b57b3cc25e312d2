"""Blueprints: the pages and the JSON API."""
from werkzeug.routing import IntegerConverter

from annotator.limits import MAX_INT


class IdConverter(IntegerConverter):
    """<int:...> in a URL, bounded so that a huge number is a 404 rather than a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)  # beyond the largest id a column holds: no route
        super().__init__(map, *args, **kwargs)


def init_app(app):
    """Register every blueprint and the error handlers."""
    app.url_map.converters["int"] = IdConverter  # before any rule is added
    from annotator.views import account, admin, api, articles, auth, errors, guards, helpers
    from annotator.views import exports
    from annotator.views import review
    from annotator.views import revisions
    from annotator.views import suggestions
    from annotator.views import assignments, search, work
    from annotator.views import notifications
    from annotator.views import claimants

    app.jinja_env.globals["allows"] = helpers.allows  # templates ask the policy which buttons to show
    guards.init_app(app)  # before the blueprints' own checks: no view sees what it refuses
    for module in (auth, admin, account, articles, api, exports, revisions, review, suggestions, assignments, work, search, notifications, claimants):
        app.register_blueprint(module.bp)
    errors.init_app(app)
