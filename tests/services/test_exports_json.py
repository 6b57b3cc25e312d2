"""The exports' JSON: orjson's bytes are the standard library's compact bytes, and what orjson
refuses still serialises (and still reads back) as before."""
import json
import math

from annotator.services.exports.native import dumps
from annotator.services.exports.rows import _decode

STDLIB = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def test_dumps_writes_the_standard_librarys_bytes():
    document = {"text": "Café \u2028 \x00\x1f\x7f \"quoted\" \\ 😀", "score": 0.8734, "n": [1, -0.0, 1e300, None, True],
                "nested": {"reasons": ["number", "statistic"]}, "big": 2**63 - 1}
    assert dumps(document) == STDLIB.encode(document)


def test_dumps_falls_back_for_what_orjson_refuses():
    for document in ({"huge": 2**70}, {1: "a key that is not text"}, {"lone": "\ud800"}):
        assert dumps(document) == STDLIB.encode(document)


def test_stored_json_reads_as_the_standard_library_reads_it():
    for text in ('["number"]', '{"start": 0, "quote": "caf\\u00e9"}', "12345678901234567890123", "[-9999999999999999999]", '"\\ud800"'):
        assert _decode(text) == json.loads(text)
    assert math.isnan(_decode("NaN"))
    assert _decode(None) is None and _decode(7) == 7
