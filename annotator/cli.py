"""The `annotator` command: thin wrappers over the services the views call."""
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from annotator import config, create_app
from annotator.extensions import db
from annotator.models import ROLES, User
from annotator.services import accounts, articles, demo
from annotator.services.errors import DomainError


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Claim Annotator: fact-check articles claim by claim."""


def main():
    cli(prog_name="annotator")


@cli.command("setup")
def setup_command():
    """Prepare this machine: keep a generated secret key in instance/ and migrate the database."""
    from flask_migrate import upgrade

    instance = Path(config.instance_path() or Flask("annotator").instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / config.SECRET_KEY_FILE
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
        click.echo(f"Generated a secret key in {key_file}.")
    app = create_app()
    with app.app_context():
        upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("The database is up to date. Start the app with: annotator run")


def init_app(app):
    """Register the commands that need an app on app.cli (so `flask --app annotator` has them)."""
    for command in (create_user_command, import_article_command, demo_command):
        app.cli.add_command(command)


def fail(error):
    """Stop with the domain error's message and a non-zero exit."""
    raise click.ClickException(error.message)


def default_actor(username):
    """Return the named user, or the first admin, to act for a command."""
    query = select(User).where(User.username == username) if username else (
        select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id))
    user = db.session.scalars(query.limit(1)).first()
    if user is None:
        raise click.ClickException("No such user; create an admin first: annotator create-user NAME --role admin")
    return user


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="annotator", show_default=True)
@click.option("--display-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(username, role, display_name, password_stdin):
    """Create an account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not 10 <= len(password) <= 256:
        raise click.ClickException("The password must have 10 to 256 characters.")
    try:
        user = accounts.create_user(username, password, role, display_name)
    except DomainError as error:
        fail(error)
    db.session.commit()
    click.echo(f"Created {role} {user.username} (id {user.id}).")


@click.command("import-article")
@click.argument("file", type=click.File("rb"))
@click.option("--title", help="Defaults to the file name.")
@click.option("--byline", default="")
@click.option("--outlet", default="")
@click.option("--url", default="")
@click.option("--user", "username", help="Who imports it; defaults to the first admin.")
@with_appcontext
def import_article_command(file, title, byline, outlet, url, username):
    """Import an article from a .txt, .md or .html file and print its id."""
    actor = default_actor(username)
    try:
        text, source_format = articles.read_upload(file.name, file.read())
        article = articles.import_article(
            actor, text, source_format, current_app.config["ARTICLE_MAX_CHARS"],
            title=(title or Path(file.name).stem)[:300], byline=byline, outlet=outlet, url=url,
        )
    except DomainError as error:
        fail(error)
    db.session.commit()
    click.echo(article.id)


@click.command("demo")
@click.option("--user", "username", help="Who loads it; defaults to the first admin.")
@with_appcontext
def demo_command(username):
    """Load the demo article and print its id."""
    article = demo.load_demo(default_actor(username))
    db.session.commit()
    click.echo(article.id)
