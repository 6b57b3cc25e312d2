"""Fuzzing the parsers that read what people upload: the native import (whole files, and valid
exports with one value replaced by anything JSON can hold), article uploads and the text
normalisers. Each either works or raises InvalidInput; nothing else escapes, nothing is half-written."""
import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.extensions import db
from annotator.models import Article, Claim
from annotator.services import imports
from annotator.services.exports import native
from annotator.services.imports import check
from annotator.services.articles import NOT_TEXT, canonical_text, read_upload
from annotator.services.errors import InvalidInput
from annotator.text.normalize import normalize_text

FIXTURES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Any code point, NUL and lone surrogates included (JSON escapes them; no column stores them).
any_text = st.text(st.characters(exclude_categories=()), max_size=40)
scalars = st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False) | any_text
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=12)


@pytest.fixture
def document(make_article, make_claim):
    article = make_article(text="The mayor said crime fell 20% in 2023. Others disagree.")
    make_claim(article, quote="crime fell 20% in 2023", verdict_key="false", notes="Police data.")
    return native.export_article(article.id)


def counts():
    db.session.rollback()
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (Article, Claim))


def import_or_refuse(admin, data):
    """Import data; return True when imported, False when refused with InvalidInput (and nothing written)."""
    before = counts()
    try:
        imports.import_file(admin, data, max_bytes=1_000_000)
    except InvalidInput as refusal:
        assert refusal.message and counts() == before
        return False
    db.session.rollback()
    return True


def paths(value, prefix=()):
    """Yield the path of every value inside a JSON document."""
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from paths(child, prefix + (key,))


def replaced(document, path, new):
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return document


@FIXTURES
@given(data=st.binary(max_size=300))
def test_any_bytes_are_imported_or_refused(admin, data):
    assert import_or_refuse(admin, data) is False


@FIXTURES
@given(value=json_values)
def test_any_json_is_refused_clearly(admin, value):
    assert import_or_refuse(admin, json.dumps(value).encode()) is False


@FIXTURES
@given(choice=st.data(), new=json_values)
def test_an_export_with_any_value_replaced_is_imported_or_refused(admin, document, choice, new):
    path = choice.draw(st.sampled_from([p for p in paths(document) if p]))
    import_or_refuse(admin, json.dumps(replaced(document, path, new)).encode())


@FIXTURES
@given(choice=st.data(), bad=st.sampled_from(["\x00", "\ud800", "\udfff"]), around=any_text)
def test_an_export_with_a_nul_or_lone_surrogate_in_any_string_is_refused_there(admin, document, choice, bad, around):
    path = choice.draw(st.sampled_from([p for p in paths(document) if p and isinstance(_at(document, p), str)]))
    data = json.dumps(replaced(document, path, around + "|" + bad + "|")).encode()  # the bad one as an escape
    with pytest.raises(InvalidInput) as refusal:
        imports.import_file(admin, data, max_bytes=1_000_000)
    assert check.pointer(path) in refusal.value.fields
    db.session.rollback()


def _at(document, path):
    for key in path:
        document = document[key]
    return document


@FIXTURES
@given(depth=st.integers(65, 200_000), opener=st.sampled_from(["[", '{"a":', '[{"b":']))
def test_json_nested_deeper_than_any_document_is_refused(admin, depth, opener):
    assert import_or_refuse(admin, (opener * depth).encode()) is False


@FIXTURES
@given(choice=st.data())
def test_an_export_with_any_value_removed_is_imported_or_refused(admin, document, choice):
    path = choice.draw(st.sampled_from([p for p in paths(document) if p and isinstance(p[-1], str)]))
    broken = copy.deepcopy(document)
    target = broken
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    import_or_refuse(admin, native.dumps(broken).encode())


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=20) | st.sampled_from(["a.txt", "a.md", "a.html", "a.HTM", "noext"]),
       data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_uploads_are_read_or_refused(name, data):
    try:
        text, source_format = read_upload(name, data)
    except InvalidInput as refusal:
        assert refusal.message == NOT_TEXT
    else:
        assert isinstance(canonical_text(text, source_format), str)


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=300), source_format=st.sampled_from(["text", "markdown", "html"]))
def test_canonical_text_is_normalised_and_stable(raw, source_format):
    text = canonical_text(raw, source_format)
    assert "\r" not in text and normalize_text(text) == text


@settings(max_examples=200, deadline=None)
@given(raw=st.text(alphabet=st.sampled_from("<>/\"'=& abcdipscrt-!\n"), max_size=200))
def test_html_reduction_never_keeps_a_tag(raw):
    assert "<script" not in canonical_text("<p>" + raw, "html").lower() or "<script" in raw.lower()
