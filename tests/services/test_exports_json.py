"""The exports' JSON: orjson's bytes are the standard library's compact bytes, and what orjson
refuses still serialises as before (reading: tests/test_jsontext.py)."""
import json

from annotator.services.exports.native import dumps

STDLIB = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def test_dumps_writes_the_standard_librarys_bytes():
    document = {"text": "Café \u2028 \x00\x1f\x7f \"quoted\" \\ 😀", "score": 0.8734, "n": [1, -0.0, 1e300, None, True],
                "nested": {"reasons": ["number", "statistic"]}, "big": 2**63 - 1}
    assert dumps(document) == STDLIB.encode(document)


def test_dumps_falls_back_for_what_orjson_refuses():
    for document in ({"huge": 2**70}, {1: "a key that is not text"}, {"lone": "\ud800"}):
        assert dumps(document) == STDLIB.encode(document)
