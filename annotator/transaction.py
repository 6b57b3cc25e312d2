"""One transaction per request and per command, ended at the edge (Indico's RH, pyramid_tm in h).

Views and services never commit; services flush. A request that may write (any method but GET,
HEAD and OPTIONS) commits once, after its view has answered below 400: a redirect after a post is
a success. Any error, and any 4xx or 5xx answer (a form shown again with its errors), rolls back.
A commit that fails is answered by the app's error handlers, as an error raised in the view is,
and the session cookie goes back to what the request brought (no sign-in, no "saved" message for
what was not saved). A read request never commits a write: its transaction ends at teardown, after
a streamed body is read, so an export reads in one transaction (PostgreSQL's server-side cursors).
It ends with a ROLLBACK, except on PostgreSQL when the request sent no statement that may write
(any but a SELECT built by SQLAlchemy: text and DML count) and left no change in the session: then
with a COMMIT, the same to the data, because psycopg forgets its prepared statements at every
ROLLBACK and a live poll would have PostgreSQL parse and plan its statements afresh each second.
"""
import copy
import functools
from contextlib import contextmanager

from flask import current_app, g, has_request_context, request, session
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from annotator.extensions import READ_ONLY_METHODS, db


def init_app(app):
    """End every request's transaction here; registered last, so it ends before the headers go on."""
    app.before_request(_remember_session)
    app.after_request(end_request)
    app.teardown_request(end_read)  # before Flask-SQLAlchemy's teardown rolls back what is left
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "before_cursor_execute", _note_write)


def end_request(response):
    """Commit a write request that succeeded; roll back any other answer."""
    if request.method in READ_ONLY_METHODS:
        return response
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except Exception as error:  # the error handlers roll back and say what happened
        _restore_session()
        return current_app.make_response(current_app.handle_user_exception(error))
    return response


def end_read(error=None):
    """End a read request's transaction with COMMIT on PostgreSQL when it wrote nothing (the module's
    docstring says why); leave any other to the session's rollback at teardown."""
    if request.method not in READ_ONLY_METHODS or error is not None or not db.session().in_transaction() \
            or db.engine.dialect.name != "postgresql" or "may_have_written" in g:
        return
    if db.session.new or db.session.dirty or db.session.deleted:
        return  # a commit would flush them
    try:
        db.session.commit()
    except SQLAlchemyError:  # the answer is out and nothing was written: the rollback at teardown cleans up
        current_app.logger.warning("A read request could not end with COMMIT", exc_info=True)


def pause_read():
    """End a long read request's transaction where it waits (a live stream, between its reads), so
    it holds no snapshot, lock or connection while idle; its next statement begins another. As at
    end_read: COMMIT when nothing may have changed, else ROLLBACK (a read never commits a write)."""
    if db.session.new or db.session.dirty or db.session.deleted or "may_have_written" in g:
        db.session.rollback()
    else:
        db.session.commit()


def _note_write(_connection, _cursor, _statement, _parameters, context, _executemany):
    if has_request_context() and (context.is_crud or context.is_text or context.isddl):
        g.may_have_written = True


def _remember_session():
    if request.method not in READ_ONLY_METHODS:
        g.session_before = copy.deepcopy(dict(session))  # flash() appends to a list in place


def _restore_session():
    if current_app.session_interface.is_null_session(session) or "session_before" not in g:
        return
    session.clear()
    session.update(g.session_before)


@contextmanager
def savepoint():
    """Undo what the block wrote when it raises, and only that.

    For a view that answers a refusal it caught with a page or a redirect (a 3xx commits): the
    refused attempt leaves nothing, whatever the answer's status.
    """
    with db.session.begin_nested():
        yield


@contextmanager
def separate():
    """Run a write that must stand whatever the request then answers, in a short transaction
    of its own, committed at once: a counted sign-in attempt (refused with a 401, it still
    counts), a token's last use (on a read request, which never commits a write).

    Call it before the request's own work: what the request read so far ends first (rolled
    back, so nothing rides along, and SQLite begins the write as a write).
    """
    db.session.rollback()
    yield
    db.session.commit()


def command(callback):
    """Run a CLI command in the app's context and in one transaction: committed when the command
    returns, rolled back when it raises (a refusal it reports, Ctrl-C, anything)."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            result = callback(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result

    return with_appcontext(run)
