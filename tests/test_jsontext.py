"""Stored JSON text reads as the standard library reads it, through orjson where that reads the
same, on both backends (the engine's json_deserializer)."""
import json
import math

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import select

from annotator.extensions import db
from annotator.jsontext import read_json

SAMPLES = ['["number"]', '{"start": 0, "quote": "caf\\u00e9"}', "12345678901234567890123", "[-9999999999999999999]",
           '"\\ud800"', '{"start": 3}', '["a", "\\u00e9", 1.5, null]', '"x"', " [1] ", "[1] ", "1e5"]


@pytest.mark.parametrize("text", SAMPLES)
def test_stored_json_reads_as_the_standard_library_reads_it(text):
    assert read_json(text) == json.loads(text)
    assert read_json(text.encode("utf-8")) == json.loads(text)


def test_what_only_the_standard_library_reads_still_reads_and_other_values_pass():
    assert math.isnan(read_json("NaN"))
    assert read_json(None) is None and read_json(7) == 7


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                           max_leaves=12)


@given(JSON_VALUES)
def test_any_json_the_app_writes_reads_back_the_same(value):
    text = json.dumps(value)
    assert read_json(text) == json.loads(text)


def test_the_database_reads_json_columns_through_it(app, admin):
    from annotator.models import Event

    db.session.add(Event(actor_id=admin.id, entity="claim", entity_id=1, action="update", field="notes",
                         old={"big": 2**70, "text": "café"}, new=[1.5, None]))
    db.session.commit()
    db.session.expunge_all()
    old, new = db.session.execute(select(Event.old, Event.new).order_by(Event.id.desc())).first()
    assert old == {"big": 2**70, "text": "café"} and new == [1.5, None]
    assert db.engine.dialect._json_deserializer is read_json
