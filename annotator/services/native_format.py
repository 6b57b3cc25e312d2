"""The native format claim-annotator/1: its identity, the one thing its writer
(services/exports/native.py) and its reader (services/imports/) both hold."""
import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files

FORMAT = "claim-annotator/1"
SCHEMA_FILE = "claim-annotator-1.json"
MEDIA_TYPE = "application/json"  # one document
STREAM_MEDIA_TYPE = "application/x-ndjson"  # JSON Lines: one document a line
GENERATOR = "Claim Annotator"


@cache
def schema():
    """Return the shipped JSON Schema of the native format."""
    return json.loads(files("annotator").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8"))


@cache  # reads the installed package's metadata: once, not once a document
def generator_version():
    try:
        return version("claim-annotator")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0"


def generator():
    """Return the `generator` object a document names its writer with."""
    return {"name": GENERATOR, "version": generator_version()}
