"""`annotator import-references FILE`: add other fact-checkers' ClaimReview data to the library."""
import os

import click

from annotator import limits, transaction
from annotator.services.errors import DomainError


@click.command("import-references")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", help="The admin who imports; defaults to the first admin.")
@transaction.command
def import_references_command(path, username):
    """Import ClaimReview JSON-LD, a Fact Check Tools data feed or a CSV; all of it or nothing."""
    from annotator.cli import default_actor, fail
    from annotator.services import references

    size = os.path.getsize(path)
    if size > limits.REFERENCE_FILE_BYTES:  # refused before a byte is read
        raise click.ClickException(f"{path} is {size / 2**20:.0f} MB; the limit is "
                                   f"{limits.REFERENCE_FILE_BYTES // 2**20} MB. Split it and import the parts.")
    actor = default_actor(username)
    with open(path, "rb") as file:
        data = file.read()
    try:
        added = references.import_references(actor, data, os.path.basename(path))
    except DomainError as error:
        for problem in error.fields.get("records", ()):
            click.echo(problem, err=True)
        fail(error)
    click.echo(f"{added['added']} added, {added['skipped']} already in the library.")
