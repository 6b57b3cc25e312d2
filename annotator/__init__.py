"""Claim Annotator: highlight, tag, review and export the factual claims of an article."""
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def resource_folder(name):
    """Return where templates/ or static/ are: inside the package when installed from a wheel
    (setup.py maps them there), else at the top level of the checkout (editable installs)."""
    packaged = Path(__file__).resolve().parent / name
    return packaged if packaged.is_dir() else ROOT / name


def create_app(test_config=None):
    """Create and configure an app; reads config, writes nothing."""
    from annotator import config, extensions, security, transaction, views, worker

    app = Flask(
        __name__,
        instance_path=config.instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(resource_folder("templates")),
        static_folder=str(resource_folder("static")),
    )
    config.load(app, test_config)
    extensions.init_app(app)
    security.init_app(app)
    views.init_app(app)
    worker.init_app(app)
    transaction.init_app(app)  # last: its after_request runs first
    from annotator import cli

    cli.init_app(app)
    return app
