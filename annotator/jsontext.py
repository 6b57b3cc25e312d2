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
_LONG_NUMBER = {str: re.compile(r"\d{19}").search, bytes: re.compile(rb"\d{19}").search}


def read_json(value):
    """Return the value of JSON text (str or bytes) as json.loads reads it; any other value as it is."""
    long_number = _LONG_NUMBER.get(type(value))
    if long_number is None:  # NULL, or a number SQLite's column affinity kept as one
        return value
    if len(value) >= 19 and long_number(value):
        return json.loads(value)
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # what only Python's reader takes: NaN, a lone surrogate, a huge integer
        return json.loads(value)
