"""Reading rows fast, for exports: Core rows (no ORM), pages from a cursor, and `raw` columns
that skip the per-value Python work of the models' column types where the value is written out
as it is stored anyway.
"""
import gc
import threading
from contextlib import contextmanager
from operator import itemgetter

from sqlalchemy import JSON, DateTime, select, type_coerce
from sqlalchemy.types import UserDefinedType

from annotator.extensions import db
from annotator.jsontext import read_json
from annotator.models.types import UTCDateTime


_depth = 0  # how many blocks are inside collector_paused(), in every thread
_resume = False  # whether the collector ran before the first of them
_pausing = threading.Lock()


@contextmanager
def collector_paused():
    """Hold off Python's cycle collector in the block, in every thread of the process: around
    turning a batch's rows into Python objects and a document of them, never the wait for a
    connection or for a query to run (fetch_rows asks first, then pauses) nor a yield to a slow
    client; fetch_pages's next page of a server-side cursor (a round trip on PostgreSQL) is inside.

    A batch of an export is tens of thousands of new rows the collector would walk again and
    again while the batch grows; none of them is in a cycle (reference counting frees them).
    Paused, 100,000 claims read a third faster (bench/bench_export.py). Overlapping blocks in
    several threads resume it once, after the last, and only if it was running before the first
    (a gc.disable() another thread makes meanwhile is undone then). A block must not hold a
    yield: a generator dropped inside one while part of a cycle would keep the collector off.
    """
    global _depth, _resume
    with _pausing:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _pausing:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()


def fetch_rows(query):
    # Core, not the ORM session's execute: plain rows, no per-row ORM bookkeeping.
    result = db.session.connection().execute(query)  # the wait for a connection and the query: collector on
    with collector_paused():
        return result.all()


def fetch_pages(query, size):
    """Yield the rows of query `size` at a time, from a server-side cursor where there is one."""
    result = db.session.connection().execution_options(stream_results=True).execute(query)
    try:
        while True:
            with collector_paused():
                page = result.fetchmany(size)
            if not page:
                break
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
    """Return a SELECT of model's table, every column in order (see shape); with raw, its UTC
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
        return read_json


def shape(table, fields):
    """Return row -> an object of the format: its keys in order (fields: (key, column) pairs),
    each the value of one column of a table's rows.

    Picks the values by position (rows have the table's columns in order) into a dict in one
    step, for the objects there are many of; the caller replaces the few values that need work.
    The step is a dict display compiled once per shape, as dataclasses makes its __init__: built
    from the code's own key names and column positions only, it is twice as fast as
    dict(zip(keys, values)) (a quarter of a million objects in 100,000 claims).
    """
    positions = _positions(table)
    items = ", ".join(f"{key!r}: row[{positions[column]}]" for key, column in fields)
    return eval(compile(f"lambda row: {{{items}}}", f"<shape of {table.name}>", "eval"), {})


def columns(table, *names):
    """Return row -> the values of the columns named, in that order, by position (as shape reads them)."""
    positions = _positions(table)
    return itemgetter(*(positions[name] for name in names))


def _positions(table):
    return {name: n for n, name in enumerate(table.columns.keys())}
