"""Parallel requests cannot outrun the sign-in throttle or the first-run setup, on SQLite and PostgreSQL.

Each request runs in its own thread through its own test client (so its own app context, session
and database connection); a barrier releases them together.
"""
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from werkzeug.serving import make_server

from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import User

PASSWORD = "correct horse battery"
PARALLEL = 20


def all_at_once(app, count, request):
    """Run request(client, index) in count threads released together; return what each returned."""
    db.session.commit()  # the test's own transaction would hold SQLite's write lock
    clients = [app.test_client() for _ in range(count)]
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait()
        return request(clients[index], index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(app, admin):
    limit, username = app.config["LOGIN_MAX_FAILURES"], admin.username
    statuses = all_at_once(app, PARALLEL, lambda client, _: client.post(
        "/login", data={"username": username, "password": "wrong guess"}).status_code)
    assert sorted(statuses) == [401] * limit + [429] * (PARALLEL - limit)
    right = app.test_client().post("/login", data={"username": username, "password": PASSWORD})
    assert right.status_code == 429


def test_parallel_wrong_passwords_over_real_http_get_no_more_checks_than_the_limit(app, admin):
    """The same race through sockets and a threaded server, as a browser or a script would run it."""
    limit, username = app.config["LOGIN_MAX_FAILURES"], admin.username
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/login"
    barrier = threading.Barrier(PARALLEL)

    def post(password):
        body = urllib.parse.urlencode({"username": username, "password": password}).encode()
        barrier.wait()
        try:
            with urllib.request.urlopen(urllib.request.Request(base, data=body), timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        with ThreadPoolExecutor(PARALLEL) as pool:
            statuses = list(pool.map(post, ["wrong guess"] * PARALLEL))
        barrier = threading.Barrier(1)
        assert sorted(statuses) == [401] * limit + [429] * (PARALLEL - limit)
        assert post(PASSWORD) == 429
    finally:
        server.shutdown()
        thread.join(5)


def test_right_passwords_give_their_attempt_back(app, admin):
    """An attempt counts as a failure until its password checks out (parallel sign-ins beyond the
    limit may wait for a window, a price of counting first); a right one gives it back."""
    limit, username = app.config["LOGIN_MAX_FAILURES"], admin.username
    for _ in range(3):
        statuses = all_at_once(app, limit, lambda client, _: client.post(
            "/login", data={"username": username, "password": PASSWORD}).status_code)
        assert statuses == [302] * limit


def test_parallel_first_run_setups_create_one_admin(app):
    def setup(client, index):
        return client.post("/setup", data={"username": f"chief{index}", "password": PASSWORD,
                                           "confirm": PASSWORD}).status_code

    statuses = all_at_once(app, 8, setup)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert all(status in (302, 409) for status in statuses), statuses
