"""Assignments: who may assign, what is refused and why, the history, the export round trip,
My work and the article list's filters."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Assignment, Event
from annotator.services import assignments, imports, my_work, review
from annotator.services.exports import native
from annotator.services.imports import check
from annotator.services.article_list import ArticleQuery, find_articles
from annotator.services.errors import InvalidInput, NotFound, PermissionDenied

TODAY = date(2026, 12, 1)


@pytest.fixture
def desk(make_user, admin):
    """An editor, two annotators and a second reviewer."""
    return {"editor": make_user("reviewer", "rita"), "ana": make_user("annotator", "ana"),
            "bo": make_user("annotator", "bo"), "rex": make_user("reviewer", "rex"), "admin": admin}


def assign(desk, article, annotators=("ana",), reviewer="rex", due_on=TODAY + timedelta(days=3), priority="high",
           today=TODAY, **kwargs):
    plan = assignments.assign_article(desk["editor"], article.id, list(annotators), reviewer, due_on, priority,
                                      today=today, **kwargs)
    db.session.commit()
    return plan


def refused(desk, article, **kwargs):
    with pytest.raises(InvalidInput) as raised:
        assign(desk, article, **kwargs)
    db.session.rollback()
    return raised.value.fields


def test_editor_assigns_annotators_and_a_reviewer_with_due_date_and_priority(desk, make_article):
    article = make_article()
    plan = assign(desk, article, annotators=("ana", "bo"))
    again = assignments.get_assignment(article.id)
    assert [a.username for a in again.annotators] == ["ana", "bo"]
    assert again.reviewer.username == "rex"
    assert (again.due_on, again.priority) == (TODAY + timedelta(days=3), "high")
    assert plan.summary() == again.summary()


def test_assignment_is_recorded_in_the_history(desk, make_article):
    article = make_article()
    assign(desk, article)
    assign(desk, article, annotators=("bo",), priority="urgent")
    assignments.unassign_article(desk["editor"], article.id)
    db.session.commit()
    events = db.session.scalars(select(Event).where(Event.entity == "assignment").order_by(Event.id)).all()
    assert [e.action for e in events] == ["assign", "reassign", "unassign"]
    assert events[0].actor_id == desk["editor"].id
    assert events[1].old["annotators"] == ["ana"] and events[1].new["annotators"] == ["bo"]
    assert events[1].new["priority"] == "urgent"
    assert events[2].old["reviewer"] == "rex" and events[2].new is None
    assert assignments.get_assignment(article.id).is_empty


def test_saving_the_same_assignment_again_writes_no_event(desk, make_article):
    article = make_article()
    assign(desk, article)
    assign(desk, article)
    assert db.session.scalar(select(db.func.count()).select_from(Event).where(Event.entity == "assignment")) == 1


@pytest.mark.parametrize("role", ["annotator"])
def test_an_annotator_cannot_assign(desk, make_article, role):
    article = make_article()
    with pytest.raises(PermissionDenied):
        assignments.assign_article(desk["ana"], article.id, ["bo"], None, None, "normal")


def test_an_admin_assigns_too(desk, make_article):
    article = make_article()
    assignments.assign_article(desk["admin"], article.id, ["ana"], "rita", None, "low")
    assert assignments.get_assignment(article.id).reviewer.username == "rita"


def test_unknown_user_is_refused_by_field(desk, make_article):
    assert "No account is named 'ghost'" in refused(desk, make_article(), annotators=("ana", "ghost"))["annotators"][0]
    assert "ghost" in refused(desk, make_article(), reviewer="ghost")["reviewer"][0]


def test_deactivated_user_is_refused(desk, make_user, make_article):
    make_user("annotator", "gone", active=False)
    make_user("reviewer", "left", active=False)
    assert "deactivated" in refused(desk, make_article(), annotators=("gone",))["annotators"][0]
    assert "deactivated" in refused(desk, make_article(), reviewer="left")["reviewer"][0]


def test_a_plain_annotator_cannot_be_the_reviewer(desk, make_article):
    assert "cannot review" in refused(desk, make_article(), reviewer="bo")["reviewer"][0]


def test_the_reviewer_cannot_also_annotate_unless_self_review_is_allowed(desk, make_article):
    article = make_article()
    assert "someone else must review" in refused(desk, article, annotators=("rex",), reviewer="rex")["reviewer"][0]
    plan = assign(desk, article, annotators=("rex",), reviewer="rex", allow_self_review=True)
    assert plan.reviewer.username == "rex"


def test_due_date_in_the_past_is_refused_on_creation(desk, make_article):
    fields = refused(desk, make_article(), due_on=TODAY - timedelta(days=1))
    assert "in the past" in fields["due_on"][0]


def test_reassigning_keeps_an_overdue_date_but_refuses_a_new_past_one(desk, make_article):
    article = make_article()
    assign(desk, article, due_on=TODAY, today=TODAY)
    later = TODAY + timedelta(days=5)
    assign(desk, article, annotators=("bo",), due_on=TODAY, today=later)  # the same date: kept
    assert assignments.get_assignment(article.id).annotators[0].username == "bo"
    assert "in the past" in refused(desk, article, due_on=TODAY + timedelta(days=1), today=later)["due_on"][0]


@pytest.mark.parametrize("priority", ["", "asap", "HIGH", None])
def test_bad_priority_is_refused(desk, make_article, priority):
    assert "priority" in refused(desk, make_article(), priority=priority)


def test_no_annotator_is_refused(desk, make_article):
    assert "at least one" in refused(desk, make_article(), annotators=())["annotators"][0]


def test_assigning_a_missing_article_is_not_found(desk):
    with pytest.raises(NotFound):
        assignments.assign_article(desk["editor"], 999, ["ana"])


# --- export and import ------------------------------------------------------------------------

def test_assignments_round_trip_through_the_native_export_as_names(desk, make_user, make_article):
    article = make_article()
    assign(desk, article, annotators=("ana", "bo"))
    document = native.export_article(article.id)
    assert [(a["person"]["username"], a["role"]) for a in document["assignments"]] == [
        ("ana", "annotator"), ("bo", "annotator"), ("rex", "reviewer")]
    assert document["assignments"][0]["due_on"] == (TODAY + timedelta(days=3)).isoformat()
    assert check.check(document, verdict_keys=frozenset({"accurate"})) == []
    (copy,) = imports.import_file(desk["admin"], native.dumps(document).encode(), max_bytes=10**7)
    db.session.commit()
    rows = db.session.scalars(select(Assignment).where(Assignment.article_id == copy.id)).all()
    # ana exists here too, but an imported name never becomes a local account's work.
    assert [(r.username, r.user_id) for r in rows] == [("ana", None), ("bo", None), ("rex", None)]
    again = native.export_article(copy.id)
    assert check.comparable(again, imported=True)["assignments"] == check.comparable(document)["assignments"]
    db.session.refresh(copy)
    assert (copy.due_on, copy.priority_rank) == (TODAY + timedelta(days=3), 2)  # the list sorts the copy too
    assert my_work.list_my_work(desk["ana"], TODAY)[0].items[0].article_id == article.id
    assert len(my_work.list_my_work(desk["ana"], TODAY)[0].items) == 1


def test_a_document_without_assignments_has_no_member_and_imports(desk, make_article):
    article = make_article()
    document = native.export_article(article.id)
    assert "assignments" not in document
    assert check.check(document) == []


def test_the_schema_refuses_a_bad_assignment(desk, make_article):
    article = make_article()
    assign(desk, article)
    document = native.export_article(article.id)
    document["assignments"][0]["priority"] = "asap"
    document["assignments"][1] = {"person": None, "role": "annotator"}
    pointers = {p.pointer for p in check.check(document)}
    assert {"/assignments/0/priority", "/assignments/1/person"} <= pointers


# --- my work ----------------------------------------------------------------------------------

def sections(user, today=TODAY):
    return {s.key: s for s in my_work.list_my_work(user, today)}


def test_my_work_lists_what_is_assigned_sent_back_waiting_and_due(desk, make_article, make_claim):
    mine = make_article(title="Mine")
    other = make_article(title="Not mine")
    assign(desk, mine, due_on=TODAY + timedelta(days=1))
    claim = make_claim(mine, quote="$4 million", actor=desk["ana"])
    make_claim(other, quote="$4 million")
    review.submit_claim(desk["ana"], claim.id)
    db.session.commit()
    review.request_changes(desk["rex"], claim.id, "Which year?")
    db.session.commit()
    ana = sections(desk["ana"])
    assert [i.article_title for i in ana["assigned"].items] == ["Mine"]
    assert [(i.claim_id, i.note) for i in ana["sent_back"].items] == [(claim.id, "Which year?")]
    assert [i.article_title for i in ana["due_soon"].items] == ["Mine"]
    assert sections(desk["rex"])["to_review"].items == []
    assert my_work.count_my_work(desk["ana"]) == 2


def test_an_article_in_review_waits_for_its_reviewer(desk, make_article, make_claim):
    article = make_article(title="Ready")
    assign(desk, article)
    make_claim(article, quote="$4 million", actor=desk["ana"])
    review.submit_article(desk["ana"], article.id)
    db.session.commit()
    waiting = sections(desk["rex"])["to_review"].items
    assert [(i.article_title, i.detail) for i in waiting] == [("Ready", "1 claim waiting")]
    assert sections(desk["ana"])["assigned"].items == []  # submitted: nothing left to annotate
    assert my_work.count_my_work(desk["rex"]) == 1


def test_overdue_work_is_marked(desk, make_article):
    article = make_article()
    assign(desk, article, due_on=TODAY)
    (item,) = sections(desk["ana"], TODAY + timedelta(days=2))["due_soon"].items
    assert item.overdue


def test_my_work_count_is_one_statement(desk, make_article, count_queries):
    assign(desk, make_article())
    desk["ana"].id  # load the user first, as a request has
    with count_queries() as counter:
        my_work.count_my_work(desk["ana"])
    assert counter.count == 1


# --- the article list -------------------------------------------------------------------------

@pytest.fixture
def listed(desk, make_article):
    """Five articles: two assigned to ana (one overdue), one to bo, one in another outlet."""
    from annotator.services.articles import import_article

    made = {}
    for title, outlet in (("Budget row", "Gazette"), ("Water prices", "Gazette"), ("Road works", "Herald"),
                          ("Budget vote", "Herald"), ("Quiet news", "")):
        made[title] = import_article(desk["admin"], "Some words here.", title=title, outlet=outlet)
    db.session.commit()
    assign(desk, made["Budget row"], due_on=TODAY, today=TODAY)
    assign(desk, made["Water prices"], due_on=TODAY + timedelta(days=20), priority="urgent")
    assign(desk, made["Road works"], annotators=("bo",), due_on=TODAY + timedelta(days=2), priority="low")
    return made


def titles(today=TODAY + timedelta(days=1), **query):
    return [r.article.title for r in find_articles(ArticleQuery(**query), today).rows]


def test_list_filters_by_assignee_state_due_outlet_and_title(listed, desk):
    assert set(titles(assignee_id=desk["ana"].id)) == {"Budget row", "Water prices"}
    assert set(titles(unassigned=True)) == {"Budget vote", "Quiet news"}
    assert titles(due="overdue") == ["Budget row"]
    assert titles(due="soon") == ["Road works"]
    assert set(titles(due="none")) == {"Budget vote", "Quiet news"}
    assert set(titles(outlet="Herald")) == {"Road works", "Budget vote"}
    assert set(titles(text="BUDGET")) == {"Budget row", "Budget vote"}
    assert titles(text="100%") == []  # % and _ are searched for, not wildcards
    assert len(titles(state="annotating")) == 5 and titles(state="signed_off") == []


def test_list_sorts_and_marks_overdue(listed):
    assert titles(sort="due")[:3] == ["Budget row", "Road works", "Water prices"]
    assert titles(sort="priority")[:3] == ["Water prices", "Budget row", "Road works"]
    assert titles(sort="title") == sorted(titles(), key=str.lower)
    rows = find_articles(ArticleQuery(sort="due"), TODAY + timedelta(days=1)).rows
    assert [r.overdue for r in rows[:2]] == [True, False]


def test_list_pages_and_refuses_a_page_past_the_last(listed):
    first = find_articles(ArticleQuery(sort="title", per_page=2))
    assert (first.total, first.pages, len(first.rows)) == (5, 3, 2)
    last = find_articles(ArticleQuery(sort="title", per_page=2, page=3))
    assert [r.article.title for r in last.rows] == ["Water prices"]
    with pytest.raises(NotFound):
        find_articles(ArticleQuery(per_page=2, page=4))


def test_the_list_sorts_by_the_plan_as_it_is_now_after_reassign_and_unassign(listed, desk):
    road = listed["Road works"]
    version, updated = road.version, road.updated_at
    assign(desk, road, annotators=("bo",), due_on=TODAY + timedelta(days=30), priority="urgent")
    assert titles(sort="due")[:3] == ["Budget row", "Water prices", "Road works"]
    assert titles(sort="priority")[:2] == ["Water prices", "Road works"]  # both urgent: the earlier due first
    assignments.unassign_article(desk["editor"], road.id)
    db.session.commit()
    assert "Road works" not in titles(sort="due")[:2] and titles(due="none").count("Road works") == 1
    db.session.refresh(road)
    # Writing the plan on the article is not an edit of it: other people's forms stay current.
    assert (road.version, road.updated_at, road.due_on, road.priority_rank) == (version, updated, None, -1)
