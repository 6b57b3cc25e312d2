"""The `annotator` command: thin wrappers over the services the views call."""
import json
import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from sqlalchemy import select

from annotator import config, create_app, transaction
from annotator.extensions import db
from annotator.limits import CLI_IMPORT_BYTES
from annotator.models import ARTICLE_STATES, ROLES, User
from annotator.services import accounts, articles, demo, revisions, suggestions
from annotator.services.errors import DomainError
from annotator.services.exports import formats


class AnnotatorGroup(FlaskGroup):
    """Flask's command group, except that Flask-Migrate's `db` and any plugin commands load only
    when asked for or listed: importing them brings alembic into `annotator run`."""

    def get_command(self, ctx, name):
        if name == "db":
            _attach_migrate(ctx)
        return click.Group.get_command(self, ctx, name) or super().get_command(ctx, name)

    def list_commands(self, ctx):
        try:
            _attach_migrate(ctx)
        except config.ConfigError as error:  # no app to ask (before `annotator setup`): this group's own
            click.echo(f"Only the commands that need no app are listed. {error}\n", err=True)
            return click.Group.list_commands(self, ctx)
        return super().list_commands(ctx)


def _attach_migrate(ctx):
    """Attach Flask-Migrate to the app, which adds its `db` commands (extensions.LazyMigrate)."""
    from flask.cli import NoAppException, ScriptInfo

    try:
        app = ctx.ensure_object(ScriptInfo).load_app()
    except NoAppException:
        return  # FlaskGroup reports it
    app.extensions["migrate"].directory


@click.group(cls=AnnotatorGroup, create_app=create_app)
def cli():
    """Claim Annotator: fact-check articles claim by claim."""


def main():
    from annotator.cli_worker import run_with_worker

    cli.add_command(run_with_worker)  # replaces Flask's run: a worker beside it on a laptop
    try:
        cli(prog_name="annotator")
    except config.ConfigError as error:  # e.g. no secret key yet: one line, not a traceback
        sys.exit(f"Error: {error}")


@cli.command("setup", with_appcontext=False)
def setup_command():
    """Prepare this machine: keep a generated secret key in instance/ and migrate the database."""
    from flask_migrate import upgrade

    instance = Path(config.instance_path() or Flask("annotator").instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / config.SECRET_KEY_FILE
    if not key_file.exists():
        make_private(key_file, secrets.token_urlsafe(48))
        click.echo(f"Generated a secret key in {key_file}.")
    else:
        make_private(key_file)  # tighten a key an older release left readable
    app = create_app()
    with app.app_context():
        if db.engine.dialect.name == "sqlite" and db.engine.url.database not in (None, "", ":memory:"):
            make_sqlite_private(Path(db.engine.url.database))
        upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("The database is up to date. Start the app with: annotator run")


def make_private(path, content=""):
    """Give path mode 0600; a missing file is created so, holding content, never readable by others."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(content)
    path.chmod(0o600)  # a file from an older install may be looser


def make_sqlite_private(path):
    """Create the SQLite file 0600 before SQLite does (it gives its -wal and -shm files the same mode)."""
    make_private(path)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            extra.chmod(0o600)


@cli.command("score-sentences", with_appcontext=False)
def score_sentences_command():
    """Score JSON Lines {"id", "text"} from stdin; write {"id", "score", "reasons", "claimant"}.

    Each text is scored as one sentence, in order. Consecutive lines that carry the same
    "document" id are one text: their claimants are read across them ("he said" after a line
    naming him) and are never null (the document's optional "byline" or "outlet", or
    "Unattributed"). A malformed line is reported on stderr with its line number and skipped;
    the exit status is then 1.
    """
    rejected, document = 0, []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = parse_sentence_line(line)
        except ValueError as error:
            rejected += 1
            click.echo(f"line {number}: {error}", err=True)
            continue
        if document and item.get("document") != document[0].get("document"):
            _echo_scored(document)
            document = []
        document.append(item)
        if item.get("document") is None:
            _echo_scored(document)  # a line of its own: written at once, as ever
            document = []
    _echo_scored(document)
    if rejected:
        raise SystemExit(1)


def _echo_scored(items):
    """Write the scores of consecutive items: one document, or one line without a document id."""
    from annotator.text.attribution import attribute_sentences
    from annotator.text.checkworthiness import score_sentence

    if not items:
        return
    claimants = [None] * len(items)
    if items[0].get("document") is not None:
        first = items[0]
        attributions = attribute_sentences([i["text"] for i in items], str(first.get("byline") or ""),
                                           str(first.get("outlet") or ""))
        claimants = [a.claimant for a in attributions]
    for item, claimant in zip(items, claimants):
        scored = score_sentence(item["text"])
        click.echo(json.dumps({"id": item["id"], "score": round(scored.score, 6), "reasons": list(scored.reasons),
                               "claimant": claimant or scored.claimant}, ensure_ascii=False))


def parse_sentence_line(line):
    """Return the {"id", "text"} object of one input line, or raise ValueError saying what is wrong."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
        raise ValueError('expected an object with "id" and a string "text"')
    return item


def init_app(app):
    """Register the commands that need an app on app.cli (so `flask --app annotator` has them)."""
    from annotator.cli_claimants import claimants_group
    from annotator.cli_references import import_references_command
    from annotator.cli_worker import worker_command

    for command in (create_user_command, import_article_command, demo_command, export_command,
                    import_command, retrain_detector_command, worker_command, claimants_group,
                    import_references_command):
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
@transaction.command
def create_user_command(username, role, display_name, password_stdin):
    """Create an account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(username, password, role, display_name)
    except DomainError as error:
        fail(error)
    click.echo(f"Created {role} {user.username} (id {user.id}).")


@click.command("import-article")
@click.argument("file", type=click.File("rb"))
@click.option("--title", help="Defaults to the file name.")
@click.option("--byline", default="")
@click.option("--outlet", default="")
@click.option("--url", default="")
@click.option("--user", "username", help="Who imports it; defaults to the first admin.")
@click.option("--revise", "revise_id", type=int, help="Make FILE the next revision of this article instead.")
@click.option("--note", default="", help="With --revise: what changed.")
@transaction.command
def import_article_command(file, title, byline, outlet, url, username, revise_id, note):
    """Import an article from a .txt, .md or .html file and print its id (or, with --revise, revise one)."""
    actor = default_actor(username)
    try:
        text, source_format = articles.read_upload(file.name, file.read())
        if revise_id is not None:
            return revise_from_file(actor, revise_id, text, source_format, note[:500])
        article = suggestions.import_and_suggest(
            actor, text, source_format,
            title=(title or Path(file.name).stem)[:300], byline=byline, outlet=outlet, url=url,
        )
    except DomainError as error:
        fail(error)
    click.echo(article.id)


def revise_from_file(actor, article_id, text, source_format, note):
    """Revise an article and say what happened to its claims."""
    article = articles.get_article(article_id)
    result = revisions.revise_article(actor, article, text, note, source_format)
    methods = ", ".join(f"{method} {count}" for method, count in sorted(result.methods.items())) or "no claims"
    click.echo(f"Article {article.id} is now at revision {result.revision.number} ({methods}).")
    if result.orphaned_ids:
        click.echo("Orphaned claims: " + " ".join(map(str, result.orphaned_ids)))


@click.command("demo")
@click.option("--user", "username", help="Who loads it; defaults to the first admin.")
@transaction.command
def demo_command(username):
    """Load the demo article and print its id."""
    article = demo.load_demo(default_actor(username))
    click.echo(article.id)


# --- exports and imports ---

@click.command("export")
@click.option("--format", "fmt", type=click.Choice(formats.names()),
              default="jsonl", show_default=True)
@click.option("--article", "article_ids", type=int, multiple=True, help="Only this article (repeatable).")
@click.option("--state", "states", type=click.Choice(ARTICLE_STATES), multiple=True, help="Articles in this state.")
@click.option("--signed-off", is_flag=True, help="Only signed-off articles.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="With activity on or after this day (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="With activity on or before this day (UTC).")
@click.option("-o", "--output", type=click.File("wb", lazy=True), default="-",
              help="File to write; standard output by default.")
@transaction.command
def export_command(fmt, article_ids, states, signed_off, since, until, output):
    """Export articles; one --article gives a document, otherwise a stream (JSON Lines for json)."""
    from annotator.services.exports.bundles import ExportFilters

    from annotator.services.publisher import current_publisher, placeholder_warning
    named = current_publisher()
    publisher = formats.Publisher(current_app.config["PUBLIC_URL"] or "http://127.0.0.1:5000", **named)
    if fmt == "claimreview" and placeholder_warning(named):
        click.echo(placeholder_warning(named), err=True)
    try:
        if len(article_ids) == 1 and not (states or signed_off or since or until):
            result = formats.export_one(article_ids[0], fmt, publisher)
        else:
            filters = ExportFilters.for_days(since and since.date(), until and until.date(), article_ids=article_ids,
                                             states=states, signed_off=signed_off)
            result = formats.export_many(filters, fmt, publisher)
        for chunk in result.chunks:
            output.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
    except DomainError as error:
        fail(error)


@click.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--user", "username", help="Who imports; defaults to the first admin.")
@transaction.command
def import_command(file, username):
    """Import a claim-annotator/1 export (a document or JSON Lines); all of it or nothing."""
    from annotator.services import imports

    actor = default_actor(username)
    try:
        imported = imports.import_file(actor, file.read(), max_bytes=CLI_IMPORT_BYTES)
    except DomainError as error:
        for where, messages in error.fields.items():
            for message in messages:
                click.echo(f"{where or '/'}: {message}", err=True)
        fail(error)
    for article in imported:
        click.echo(article.id)


@click.command("retrain-detector")
@click.option("--user", "username", help="The admin who retrains; defaults to the first admin.")
@click.option("--shipped", is_flag=True, help="Go back to the shipped model instead.")
@transaction.command
def retrain_detector_command(username, shipped):
    """Retrain the detector's head on this newsroom's decisions; adopt it only if it does better."""
    from annotator.services import detector

    actor = default_actor(username)
    try:
        if shipped:
            detector.use_shipped_head(actor)
            message = "The detector uses the shipped model again."
        else:
            message = detector.retrain_outcome(detector.retrain_head(actor))
    except DomainError as error:
        fail(error)
    click.echo(message)


if __name__ == "__main__":  # python -m annotator.cli, as the console script `annotator`
    main()
