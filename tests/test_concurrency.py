"""Concurrent writers: nothing is lost, nothing fails with "database is locked"."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Claim, Event

THREADS = 8


def signed_in_clients(app, user, login, count):
    clients = [app.test_client() for _ in range(count)]
    for client in clients:
        login(user, target=client)
    return clients


def test_concurrent_claim_creation_loses_nothing(app, admin, login, make_article):
    article_id = make_article(text="word " * 400).id
    clients = signed_in_clients(app, admin, login, THREADS)

    def create_many(index):
        statuses = []
        for n in range(20):
            start = (index * 20 + n) * 5 % 1990
            response = clients[index].post(f"/api/v1/articles/{article_id}/claims",
                                           json={"start": start, "end": start + 4})
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = [s for batch in pool.map(create_many, range(THREADS)) for s in batch]
    assert statuses == [201] * THREADS * 20
    assert db.session.scalar(select(func.count()).select_from(Claim)) == THREADS * 20


def test_concurrent_updates_of_one_claim_lose_no_update(app, admin, login, make_article, make_claim):
    claim = make_claim(make_article(), quote="$4 million", notes="")
    url = f"/api/v1/claims/{claim.id}"
    clients = signed_in_clients(app, admin, login, THREADS)

    def append(index):
        """Append a word, re-reading and retrying on a version conflict like the browser does."""
        conflicts = 0
        while True:
            current = clients[index].get(url).json["data"]
            response = clients[index].patch(url, json={
                "version": current["version"], "notes": current["notes"] + f"[{index}]"})
            if response.status_code == 200:
                return conflicts
            assert response.status_code == 409, response.text
            conflicts += 1

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(append, range(THREADS)))
    db.session.refresh(claim)
    assert sorted(claim.notes.strip("[]").split("][")) == sorted(str(i) for i in range(THREADS))
    assert claim.version == 1 + THREADS
    updates = select(func.count()).select_from(Event).where(Event.claim_id == claim.id, Event.field == "notes")
    assert db.session.scalar(updates) == THREADS



def test_a_setting_another_admin_creates_first_is_a_conflict_not_a_500(admin):
    """Both saw no row; the other admin's insert commits first, between our read and our write."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes BEGIN IMMEDIATE: the other admin waits for our transaction, no race")
    from sqlalchemy import event, insert

    from annotator.models import Setting
    from annotator.services.errors import Conflict
    from annotator.services.suggestions import THRESHOLD_SETTING, set_threshold

    def other_admin_saves_first(session, flush_context, instances):
        with db.engine.begin() as connection:
            connection.execute(insert(Setting).values(key=THRESHOLD_SETTING, value=0.7))

    event.listen(db.session(), "before_flush", other_admin_saves_first, once=True)
    with pytest.raises(Conflict):
        set_threshold(admin, 0.4)
    db.session.rollback()
    assert db.session.get(Setting, THRESHOLD_SETTING).value == 0.7
