"""The fast paths of the exports give the same bytes as the plain ones: an article streamed in
pages, CSV read a page at a time, raw rows (stored times, JSON by the C scanner), and batches
cut by their number of claims."""
import re
from datetime import datetime, timezone

import pytest

from annotator.models.types import iso_time
from annotator.services.exports import bundles, native, rows
from annotator.services.exports import jsonl as jsonl_export
from annotator.services.exports import csv as csv_export
from annotator.services.exports.bundles import ExportFilters
from annotator.services.exports.lookup import Lookup

EXPORTED_AT = re.compile(r'"exported_at":"[^"]*"')


def jsonl():
    return EXPORTED_AT.sub('"exported_at":""', "".join(jsonl_export.stream_jsonl(ExportFilters())))


def csv_text():
    return "".join(csv_export.stream_csv(ExportFilters(), Lookup.load()))


@pytest.fixture
def two_articles(signed_off_demo, make_article, make_claim):
    other = make_article(text="Emoji 😀 first. The mayor said crime fell 20% in 2023.", title="=Other")
    make_claim(other, quote="crime fell 20% in 2023", claimant="+Mayor", verdict_key="false")
    return signed_off_demo, other


def test_an_article_in_pages_is_the_same_document(two_articles, monkeypatch):
    whole = jsonl()
    documents = [native.dumps(native.export_article(a.id)) + "\n" for a in two_articles]
    assert whole == EXPORTED_AT.sub('"exported_at":""', "".join(documents))
    monkeypatch.setattr(bundles, "BATCH_CLAIMS", 1)
    monkeypatch.setattr(jsonl_export, "PAGE_ROWS", 2)
    assert jsonl() == whole
    assert len(list(jsonl_export.stream_jsonl(ExportFilters()))) > 2 * 5  # pieces, not one chunk a document


def test_csv_read_a_page_at_a_time_is_the_same(two_articles, monkeypatch):
    whole = csv_text()
    monkeypatch.setattr(csv_export, "PAGE_ROWS", 1)
    monkeypatch.setattr(bundles, "BATCH_CLAIMS", 1)
    assert csv_text() == whole
    assert whole.count("\n") == 1 + 4 + 1


def test_batches_stop_at_the_claims_budget(two_articles, monkeypatch):
    monkeypatch.setattr(bundles, "BATCH_CLAIMS", 2)
    batches = list(bundles.iter_batches(ExportFilters()))
    assert [ids for ids, _ in batches] == [[two_articles[0].id], [two_articles[1].id]]  # a big one alone
    monkeypatch.setattr(bundles, "BATCH_CLAIMS", 10_000)
    assert [ids for ids, _ in bundles.iter_batches(ExportFilters())] == [[a.id for a in two_articles]]


def test_stored_naive_utc_is_written_like_aware_utc():
    for value in (datetime(2024, 5, 1, 12, 0), datetime(2024, 5, 1, 12, 0, 0, 5)):
        assert iso_time(value) == iso_time(value.replace(tzinfo=timezone.utc))
    assert iso_time(datetime(2024, 5, 1, 12, 0)) == "2024-05-01T12:00:00Z"


def test_the_collector_is_paused_while_rows_are_read_and_resumed_after_the_last_block():
    import gc
    import threading

    assert gc.isenabled()
    entered, leave = threading.Event(), threading.Event()

    def other_thread():
        with rows.collector_paused():
            entered.set()
            leave.wait(5)
    thread = threading.Thread(target=other_thread)
    thread.start()
    entered.wait(5)
    with rows.collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's block is still open
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_collector_stays_off_where_it_was_off_and_comes_back_after_an_error():
    import gc

    gc.disable()
    try:
        with rows.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), rows.collector_paused():
        raise RuntimeError("a query failed")
    assert gc.isenabled()


def test_a_shape_picks_its_keys_in_order_from_the_columns_named():
    from annotator.models import Source

    columns = list(Source.__table__.columns.keys())
    row = tuple(f"value of {name}" for name in columns)
    made = rows.shape(Source.__table__, [("address", "url"), ("id", "id")])(row)
    assert list(made.items()) == [("address", "value of url"), ("id", "value of id")]
