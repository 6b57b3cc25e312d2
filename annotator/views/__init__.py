"""Blueprints: the pages and the JSON API."""


def init_app(app):
    """Register every blueprint and the error handlers."""
    from annotator.views import account, admin, api, articles, auth, errors
    from annotator.views import exports

    for module in (auth, admin, account, articles, api, exports):
        app.register_blueprint(module.bp)
    errors.init_app(app)
