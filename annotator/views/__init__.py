"""Blueprints: the pages and the JSON API."""


def init_app(app):
    """Register every blueprint and the error handlers."""
    from annotator.views import account, admin, api, articles, auth, errors
    from annotator.views import exports
    from annotator.views import review
    from annotator.views import revisions
    from annotator.views import suggestions

    for module in (auth, admin, account, articles, api, exports, revisions, review, suggestions):
        app.register_blueprint(module.bp)
    errors.init_app(app)
