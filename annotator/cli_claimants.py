"""`annotator claimants ...`: claimant records from the command line, over the same services."""
import click

from annotator import transaction
from annotator.cli import default_actor, fail
from annotator.services import claimants
from annotator.services.errors import DomainError


@click.group("claimants")
def claimants_group():
    """Claimant records: add one, link the claims that name them."""


@claimants_group.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another name it is known by (repeatable).")
@click.option("--description", default="", help='A short description, like "Turkish Foreign Minister".')
@click.option("--wikidata", "wikidata_id", default="", help="Its Wikidata id, like Q42.")
@click.option("--user", "username", help="Who adds it; defaults to the first admin.")
@transaction.command
def add_command(name, aliases, description, wikidata_id, username):
    """Add a claimant record and print its id."""
    try:
        claimant = claimants.create_claimant(default_actor(username), name, aliases, description, wikidata_id)
    except DomainError as error:
        fail(error)
    click.echo(claimant.id)


@claimants_group.command("link")
@transaction.command
def link_command():
    """Link every claim whose claimant text names a record (claims saved before the record existed)."""
    click.echo(f"Linked {claimants.link_unlinked()} claims.")
