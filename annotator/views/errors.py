"""Turn every error into a clear message: one JSON shape for the API, a page otherwise."""
from flask import current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from annotator.extensions import db
from annotator.serializers import claim_json
from annotator.services.errors import Conflict, DomainError, TryLater

DISK_FULL_MESSAGE = "The server's disk is full; nothing was saved. Ask an administrator to free space, then try again."
# SQLite's SQLITE_FULL, PostgreSQL's disk_full (SQLSTATE 53100) and the OS's ENOSPC.
DISK_FULL_SIGNS = ("database or disk is full", "no space left on device", "could not extend file")
# PostgreSQL's query_canceled: a statement ran past STATEMENT_TIMEOUT_MS.
STATEMENT_TIMEOUT_SQLSTATE = "57014"
BUSY_MESSAGE = "The database is busy with other saves; nothing was saved. Try again in a moment."
# SQLite's answer when another process held the write lock for longer than the busy timeout.
BUSY_SIGNS = ("database is locked", "database is busy")
TIMEOUT_MESSAGE = "This took too long and was stopped; nothing was saved. Try again, or with less at once."
CSRF_MESSAGE = "This form has expired or did not come from this site. Reload the page and try again."


def wants_json():
    """Tell whether the client should get JSON rather than a page."""
    return request.blueprint == "api" or request.path.startswith("/api/")


def json_error(status, code, message, fields=None, **extra):
    """Build the one error shape of the API."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}
    return make_response(jsonify(body), status)


def respond_error(status, code, message, fields=None, **extra):
    """Roll back, then answer with JSON for the API and a page for people."""
    db.session.rollback()
    if wants_json():
        return json_error(status, code, message, fields, **extra)
    page = render_template("errors/error.html", status=status, message=message, fields=fields or {})
    return make_response(page, status)


def handle_domain_error(error):
    extra = {}
    if isinstance(error, Conflict) and error.current is not None:
        # Serialise before the rollback expires the object.
        extra["current"] = claim_json(error.current)
    response = respond_error(error.status, error.code, error.message, error.fields, **extra)
    if isinstance(error, TryLater):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_csrf_error(error):
    return respond_error(400, "csrf", CSRF_MESSAGE)


def handle_http_error(error):
    if error.code is None or error.code < 400:
        return error  # redirects raised by routing are not errors
    code = (error.name or "error").lower().replace(" ", "_")
    return respond_error(error.code, code, error.description or error.name)


def handle_stale_data(error):
    # A concurrent save won the race between our version check and our write.
    return respond_error(409, "conflict", "Someone else changed this at the same moment. Reload and try again.")


def handle_operational_error(error):
    if getattr(error.orig, "sqlstate", None) == STATEMENT_TIMEOUT_SQLSTATE:
        current_app.logger.warning("Statement timeout on %s %s", request.method, request.path)
        return respond_error(503, "timeout", TIMEOUT_MESSAGE)
    if any(sign in str(error.orig).lower() for sign in BUSY_SIGNS):
        current_app.logger.warning("Database busy on %s %s", request.method, request.path)
        return respond_error(503, "busy", BUSY_MESSAGE)
    if any(sign in str(error.orig).lower() for sign in DISK_FULL_SIGNS):
        current_app.logger.error("Disk full on %s %s: %s", request.method, request.path, error.orig)
        return respond_error(507, "disk_full", DISK_FULL_MESSAGE)
    return handle_unexpected_error(error)


def handle_unexpected_error(error):
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return respond_error(500, "server_error", "Something went wrong on our side; nothing was saved.")


def init_app(app):
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(OperationalError, handle_operational_error)
    app.register_error_handler(Exception, handle_unexpected_error)
