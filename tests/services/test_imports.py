"""Imports: the round trip (export -> import -> export), and malformed files refused with
pointers while nothing is written."""
import copy
import json
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from annotator import create_app
from annotator.extensions import db
from annotator.models import Article, Claim, Event, SignOff, User
from annotator.services import accounts, imports, signoff
from annotator.services.exports import native
from annotator.services.imports import check
from annotator.services.articles import import_article
from annotator.services.claims import create_claim
from annotator.services.errors import InvalidInput
from annotator.services.sources import add_source
from annotator.text.normalize import normalize_text

LIMITS = {"max_bytes": 4 * 1024 * 1024}


def import_bytes(actor, data):
    return imports.import_file(actor, data, **LIMITS)


def round_trip(actor, document):
    """Import document, commit, and return the new article's export."""
    (article,) = import_bytes(actor, native.dumps(document).encode())
    db.session.commit()
    return native.export_article(article.id)


def counts():
    return [db.session.scalar(select(func.count()).select_from(model)) for model in (Article, Claim, Event, User)]


def test_signed_off_demo_round_trips(signed_off_demo, admin):
    before = native.export_article(signed_off_demo.id)
    after = round_trip(admin, before)
    assert check.comparable(after, imported=True) == check.comparable(before)
    assert after["history"][-1]["action"] == "import"
    assert after["article"]["id"] != before["article"]["id"]


def test_round_trip_into_an_empty_instance(signed_off_demo, databases, tmp_path):
    before = native.export_article(signed_off_demo.id)
    (tmp_path / "second").mkdir()
    url = databases.new(tmp_path / "second")
    other = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": url,
                        "INSTANCE_PATH": str(tmp_path / "second-instance")})
    try:
        with other.app_context():
            importer = accounts.create_user("importer", "a long password", "admin")
            after = round_trip(importer, before)
            people = db.session.scalars(select(User).where(User.username.in_(("admin", "rita")))).all()
            # admin authored the article and claims (an inactive account keeps the name); rita only
            # reviewed: her approvals and sign-off stay names in an imported record, no account.
            assert sorted((u.username, u.active) for u in people) == [("admin", False)]
            (record,) = db.session.scalars(select(SignOff)).all()
            assert (record.imported, record.reviewer_id, record.reviewer_name["username"]) == (True, None, "rita")
            article = signoff.load_for_sign_off(record.article_id)
            assert article.state == "signed_off"
            assert signoff.content_hash(article, record.terms) == record.content_hash
            db.session.remove()
            db.engine.dispose()
    finally:
        databases.drop(url)
    assert check.comparable(after, imported=True) == check.comparable(before)


# --- the property: any text, any overlapping claims --------------------------------------------

texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120).map(normalize_text)
plain = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
spans = st.lists(st.tuples(st.integers(0, 119), st.integers(1, 60)), max_size=6)
verdicts = st.sampled_from([None, "accurate", "false", "not_checkable"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, spans=spans, claimant=plain, notes=plain, verdict=verdicts, passage=plain)
def test_export_import_export_is_equal(admin, text, spans, claimant, notes, verdict, passage):
    assume(text)
    article = import_article(admin, text, title=(claimant or "t")[:300])
    for start, length in spans:
        start, end = min(start, len(text) - 1), min(start + length, len(text))
        if start < end and text[start:end].strip():
            claim, _ = create_claim(admin, article, start, end, claimant=claimant, notes=notes, verdict_key=verdict)
            claim = db.session.scalar(select(Claim).where(Claim.id == claim.id))
            db.session.refresh(claim, ["sources"])
            add_source(admin, claim.id, {"url": "https://example.org/s", "passage": passage})
    db.session.commit()
    before = native.export_article(article.id)
    after = round_trip(admin, before)
    assert check.comparable(after, imported=True) == check.comparable(before)


# --- malformed files ---------------------------------------------------------------------------

@pytest.fixture
def document(make_article, make_claim):
    article = make_article(text="The mayor said crime fell 20% in 2023. Others disagree.")
    make_claim(article, quote="crime fell 20% in 2023", verdict_key="false")
    make_claim(article, quote="Others disagree")
    return native.export_article(article.id)


def refused(admin, data):
    before = counts()
    with pytest.raises(InvalidInput) as caught:
        import_bytes(admin, data if isinstance(data, bytes) else native.dumps(data).encode())
    db.session.rollback()
    assert counts() == before
    return caught.value.fields


def changed(document, edit):
    document = copy.deepcopy(document)
    edit(document)
    return document


def test_not_json_is_refused(admin):
    assert list(refused(admin, b"{not json")) == [""]


def test_wrong_version_is_refused(admin, document):
    fields = refused(admin, changed(document, lambda d: d.update(format="claim-annotator/2")))
    assert "/format" in fields


def test_claim_outside_the_text_is_refused(admin, document):
    fields = refused(admin, changed(document, lambda d: d["claims"][1].update(end=10_000)))
    assert list(fields) == ["/claims/1/end"]


def test_quote_that_differs_from_its_offsets_is_refused(admin, document):
    fields = refused(admin, changed(document, lambda d: d["claims"][0].update(quote="crime fell 40% in 2023")))
    assert list(fields) == ["/claims/0/quote"]


def test_duplicate_claim_ids_are_refused(admin, document):
    fields = refused(admin, changed(document, lambda d: d["claims"][1].update(id=d["claims"][0]["id"])))
    assert list(fields) == ["/claims/1/id"]


def test_wrong_types_are_listed_with_their_pointers(admin, document):
    def edit(d):
        d["claims"][0]["start"] = "12"
        d["article"]["title"] = None
        d["history"][0]["at"] = "2024-05-01T10:15:00+02:00"
    fields = refused(admin, changed(document, edit))
    assert {"/claims/0/start", "/article/title", "/history/0/at"} <= set(fields)


def test_unknown_verdict_is_refused(admin, document):
    fields = refused(admin, changed(document, lambda d: d["claims"][0]["verdict"].update(key="pants_on_fire")))
    assert list(fields) == ["/claims/0/verdict/key"]


def test_huge_file_is_refused_before_parsing(admin):
    fields = refused(admin, b"[" * (LIMITS["max_bytes"] + 1))
    assert "limit" in fields[""][0]


def test_deeply_nested_json_is_refused(admin):
    assert "more than 64 levels" in refused(admin, b"[" * 100_000 + b"]" * 100_000)[""][0]


def test_tampered_signed_off_content_is_refused(signed_off_demo, admin):
    document = native.export_article(signed_off_demo.id)
    fields = refused(admin, changed(document, lambda d: d["claims"][0].update(claimant="Someone else")))
    assert list(fields) == ["/sign_offs/0/content_hash"]


def test_one_bad_line_of_json_lines_stops_the_whole_import(admin, document):
    bad = changed(document, lambda d: d["claims"][0].update(start=-1))
    data = (native.dumps(document) + "\n" + native.dumps(bad) + "\n").encode()
    assert list(refused(admin, data)) == ["line 2: /claims/0/start"]


def test_json_lines_import_every_document(admin, document):
    data = (native.dumps(document) + "\n" + native.dumps(document) + "\n").encode()
    assert len(import_bytes(admin, data)) == 2


def test_pretty_printed_document_imports(admin, document):
    assert len(import_bytes(admin, json.dumps(document, indent=2).encode())) == 1


def test_broken_pretty_printed_document_gets_one_problem(admin, document):
    assert len(refused(admin, json.dumps(document, indent=2)[:-3].encode())[""]) == 1


def test_pointers_escape_slashes_and_tildes():
    assert check.pointer(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"


def test_random_bytes_never_crash(admin):
    for data in (b"", b"\xff\xfe", b"null", b"[]", b'"x"', b"{}", json.dumps({"format": 1}).encode(),
                 string.printable.encode()):
        refused(admin, data)


def test_a_sign_off_exported_before_terms_were_recorded_still_imports(signed_off_demo, admin):
    from annotator.services.imports.write import as_article

    document = native.export_article(signed_off_demo.id)
    legacy = document["sign_offs"][-1]
    del legacy["terms"]
    legacy["content_hash"] = signoff.content_hash(as_article(document))  # the hash of the content alone
    (article,) = import_bytes(admin, native.dumps(document).encode())
    record = signoff.get_current_sign_off(article.id)
    assert (record.terms, article.state) == (None, "signed_off")
    assert signoff.content_hash(signoff.load_for_sign_off(article.id)) == record.content_hash


def test_threads_round_trip_as_names_and_notify_nobody(make_article, make_claim, admin, make_user):
    from annotator.models import Comment, Notification
    from annotator.services import threads

    rita = make_user("reviewer", "rita")
    claim = make_claim(make_article(), quote="$4 million")
    threads.post_comment(admin, "Where is this from, @rita?", claim_id=claim.id)
    threads.post_comment(rita, "The budget, page 4.", claim_id=claim.id)
    threads.set_resolved(rita, threads.find_thread(claim.article_id, claim.id).id, True)
    threads.post_comment(rita, "Whole piece reads well.", article_id=claim.article_id)
    db.session.commit()
    before = native.export_article(claim.article_id)
    assert [len(t["comments"]) for t in before["threads"]] == [2, 1]
    notified = db.session.scalar(select(func.count()).select_from(Notification))
    after = round_trip(admin, before)
    assert check.comparable(after, imported=True) == check.comparable(before)
    assert after["threads"][0]["claim_id"] == after["claims"][0]["id"] and after["threads"][0]["resolved_at"]
    copied = db.session.scalars(select(Comment).order_by(Comment.id.desc()).limit(3)).all()
    assert {c.author_id for c in copied} == {None} and copied[0].author_name["username"] == "rita"
    assert db.session.scalar(select(func.count()).select_from(Notification)) == notified


def test_an_article_without_discussion_exports_no_threads_key(make_article, admin):
    assert "threads" not in native.export_article(make_article().id)


def test_a_thread_with_an_empty_comment_is_refused(make_article, admin):
    document = native.export_article(make_article().id)
    document["threads"] = [{"claim_id": None, "comments": [{"body": ""}]}]
    with pytest.raises(InvalidInput):
        import_bytes(admin, native.dumps(document).encode())


def test_a_thread_naming_a_claim_the_document_lacks_is_refused(make_article, admin):
    document = native.export_article(make_article().id)
    for threads in ([{"claim_id": 777, "comments": [{"body": "hi"}]}],
                    [{"claim_id": None, "comments": [{"body": "a"}]}, {"claim_id": None, "comments": [{"body": "b"}]}]):
        document["threads"] = threads
        with pytest.raises(InvalidInput, match="thread"):
            import_bytes(admin, native.dumps(document).encode())
        db.session.rollback()
