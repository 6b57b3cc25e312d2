"""Reading rows fast, for exports: Core rows (no ORM), pages from a cursor, and `raw` columns
that skip the per-value Python work of the models' column types where the value is written out
as it is stored anyway.
"""
import json
import re
from operator import itemgetter

import orjson

from sqlalchemy import JSON, DateTime, select, type_coerce
from sqlalchemy.types import UserDefinedType

from annotator.extensions import db
from annotator.models.types import UTCDateTime


def fetch_rows(query):
    # Core, not the ORM session's execute: plain rows, no per-row ORM bookkeeping.
    return db.session.connection().execute(query).all()


def fetch_pages(query, size):
    """Yield the rows of query `size` at a time, from a server-side cursor where there is one."""
    result = db.session.connection().execution_options(stream_results=True).execute(query)
    try:
        while page := result.fetchmany(size):
            yield page
    finally:
        result.close()


def fetch_stream(query, size=1_000):
    """Yield the rows of query one by one, read `size` at a time (see fetch_pages)."""
    for page in fetch_pages(query, size):
        yield from page


class Aligned:
    """The rows of a second query in the order of the claims being written (each query sorted
    the same way): take(claim_id) returns the next rows of that claim. Lets a stream read the
    sources (or events) of any number of claims in step, without a list of claim ids (which on
    PostgreSQL costs more to send than the rows)."""

    def __init__(self, rows):
        self.rows = iter(rows)
        self.next = next(self.rows, None)

    def take(self, claim_id):
        found = []
        while self.next is not None and self.next.claim_id == claim_id:
            found.append(self.next)
            self.next = next(self.rows, None)
        return found


def select_rows(model, raw):
    """Return a SELECT of model's table, every column in order (see Shape); with raw, its UTC
    times as the naive datetimes stored and, where the driver leaves JSON as text, JSON read by
    a plain decoder (SQLite: the generic JSON type costs several Python calls a value)."""
    columns = model.__table__.columns
    if not raw:
        return select(*columns)
    native_json = db.session.get_bind().dialect.supports_native_json_deserialization
    return select(*(_raw(c, native_json) for c in columns))


def _raw(column, native_json):
    if isinstance(column.type, UTCDateTime):
        return type_coerce(column, DateTime()).label(column.key)
    if isinstance(column.type, JSON) and not native_json:
        return type_coerce(column, StoredJSON()).label(column.key)
    return column


class StoredJSON(UserDefinedType):
    """JSON stored as text, read by orjson in one call (the same values as json.loads)."""

    cache_ok = True

    def get_col_spec(self):
        return "JSON"

    def result_processor(self, dialect, coltype):
        return _decode


# orjson reads an integer past 64 bits as a float; a run of 19 digits leaves such text to Python.
_LONG_NUMBER = re.compile(r"\d{19}")


def _decode(value):
    if not isinstance(value, str):  # NULL, or a number SQLite's column affinity kept as one
        return value
    if len(value) >= 19 and _LONG_NUMBER.search(value):
        return json.loads(value)
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # what only Python's reader takes: NaN, a lone surrogate, a huge integer
        return json.loads(value)


class Shape:
    """An object of the format: its keys in order, each the value of one column of a table's rows.

    Picks the values by position (rows have the table's columns in order) into a dict in one
    step, for the objects there are many of; the caller replaces the few values that need work.
    """

    def __init__(self, table, fields):
        positions = {name: n for n, name in enumerate(table.columns.keys())}
        self.keys = tuple(key for key, _ in fields)
        self.pick = itemgetter(*(positions[column] for _, column in fields))

    def __call__(self, row):
        return dict(zip(self.keys, self.pick(row)))
