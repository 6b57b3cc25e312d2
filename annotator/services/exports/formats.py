"""The export formats: a registry each format module adds itself to, and one call for one
article or for a filtered stream of many (every stream holds a batch of articles at a time).

Adding a format is one module in this package that calls `register(Format(...))` when it is
imported (every module of the package is imported on first use of the registry), and its test:
the views, the CLI's --format choices and the export menu all read the registry.
"""
import importlib
import json
import pkgutil
from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterable

from annotator.services.errors import InvalidInput
from annotator.services.exports.bundles import ExportFilters, get_bundle
from annotator.services.exports.iris import Iris
from annotator.services.exports.lookup import Lookup, signed_publisher
from annotator.services.exports.native import plain
from annotator.services.signoff import get_current_sign_off

JSON_LD = "application/ld+json"


@dataclass(frozen=True)
class Publisher:
    """Who publishes: the instance's public address and organisation."""

    base_url: str
    name: str
    url: str

    @property
    def iris(self):
        return Iris(self.base_url)

    def organisation(self):
        return {"name": self.name, "url": self.url}


@dataclass
class Output:
    chunks: Iterable[str | bytes]  # text, or bytes for a binary format (xlsx)
    media_type: str
    extension: str
    rows: bool = False  # one row a claim (a spreadsheet), not one document an article


@dataclass(frozen=True)
class Format:
    """One export format: how it writes many articles and, where it differs, one."""

    name: str
    position: int  # where it is listed (error messages, --format, the export menu)
    many: Callable  # (filters, lookup, publisher) -> Output, streamed
    one: Callable | None = None  # (bundle, lookup, publisher) -> Output; None: `many` of that one article
    rows: bool = False  # one row a claim, for spreadsheets
    menu_one: str = ""  # the export menu's entry for one article ("": not offered there)
    menu_many: tuple = ()  # the export menu's entries for every article: (label, query arguments)


_REGISTRY = {}


def register(fmt):
    """Add a format to the registry (called by each format module when it is imported)."""
    _REGISTRY[fmt.name] = fmt
    return fmt


@cache
def _load_modules():
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{module.name}")


def formats():
    """Return every registered format, in listing order."""
    _load_modules()
    return sorted(_REGISTRY.values(), key=lambda f: f.position)


def names():
    return tuple(f.name for f in formats())


def get_format(name):
    """Return the format called name, or raise InvalidInput naming the known ones."""
    _load_modules()
    if name not in _REGISTRY:
        message = f"Unknown format {name!r}; use one of {', '.join(names())}."
        raise InvalidInput(message, {"format": [message]})
    return _REGISTRY[name]


def claimreview_publisher(article_id, publisher):
    """Return the publisher ClaimReview names for an article (its sign-off's, else publisher) or
    for many articles (publisher)."""
    sign_off = get_current_sign_off(article_id) if article_id is not None else None
    return signed_publisher(sign_off, publisher)


def export_one(article_id, name, publisher):
    """Return one article in format `name`."""
    fmt = get_format(name)
    if fmt.one is None:
        return export_many(ExportFilters(article_ids=(article_id,)), name, publisher)
    return fmt.one(get_bundle(article_id), Lookup.load(), publisher)


def export_many(filters, name, publisher):
    """Return every article that filters select, streamed, in format `name`."""
    fmt = get_format(name)
    output = fmt.many(filters, Lookup.load(), publisher)
    output.rows = fmt.rows
    return output


def pretty(document):
    """Return one document as indented JSON text, for a file a person may read."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=plain) + "\n"
