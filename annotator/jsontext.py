"""Reading the JSON text the database stores: orjson's C reader where it reads the same values
as the standard library's, the standard library where only it does.

The database's JSON columns (claims' reasons, the history's old and new values, settings) are
read through here on every backend: on PostgreSQL the driver hands each value to the engine's
json_deserializer (extensions.py), on SQLite the exports' raw rows do (exports/rows.py).
"""
import json
import re

import orjson

# orjson reads an integer past 64 bits as a float; a run of 19 digits leaves such text to Python.
_LONG_NUMBER = re.compile(r"\d{19}").search
_LONG_NUMBER_BYTES = re.compile(rb"\d{19}").search


def read_json(value):
    """Return the value of JSON text (str or bytes: what the drivers hand over) as json.loads
    reads it; any other value (None, a number SQLite kept as one) as it is.

    Called once a JSON value read (400,000 times in an export of 100,000 claims): the common
    cases, NULL and short text, take the fewest steps."""
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        long_number = _LONG_NUMBER
    elif kind is bytes:
        long_number = _LONG_NUMBER_BYTES
    else:  # a number SQLite's column affinity kept as one
        return value
    if len(value) < 19 or not long_number(value):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # what only Python's reader takes: NaN, a lone surrogate
            pass
    return json.loads(value)
