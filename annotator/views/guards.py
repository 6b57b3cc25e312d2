"""One check on every request, before any view: input that no view can parse safely or store.

Every form field, query argument and JSON string goes through here, so a route added later is
covered without a line of its own: a NUL (PostgreSQL text refuses it: a driver error was a
500), a lone surrogate (valid JSON, invalid Unicode), and JSON nested deeper than any body we
take (the decoder recurses a level at a time: 100,000 `[` was a RecursionError). Uploaded files
are checked where they are read (services/imports). Pages and exports still show rows stored
before these checks (ShowableResponse, and views/exports.download).
"""
from flask import Response, request

from annotator.services.errors import InvalidInput
from annotator.text.storable import (
    MAX_JSON_DEPTH, find_unstorable, nesting_depth, replace_unstorable, unstorable_reason,
)


def init_app(app):
    app.before_request(refuse_unsafe_input)
    app.response_class = ShowableResponse


class ShowableResponse(Response):
    """A response whose text body is always valid UTF-8.

    Rows stored before these checks may still hold a lone surrogate (history values are JSON,
    which escapes one); a page that shows one could not be encoded (a 500 for everyone who
    opens the article). Such a character becomes U+FFFD; the usual body costs nothing more.
    """

    def set_data(self, value):
        if isinstance(value, str):
            try:
                value = value.encode("utf-8")
            except UnicodeEncodeError:
                value = replace_unstorable(value).encode("utf-8")
        super().set_data(value)


def refuse_unsafe_input():
    """Raise InvalidInput (422) when the path, a query argument, a form field or the JSON body
    holds what cannot be stored or parsed."""
    if unstorable_reason(request.path):
        raise InvalidInput("The address holds a character that is not allowed (a NUL).")
    _check_fields("query", request.args)
    if request.is_json:
        _check_json()
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        _check_fields("form", request.form)
    return None


def _check_fields(where, fields):
    for name, value in fields.items(multi=True):
        name_reason = _reason(name)
        reason = name_reason or _reason(value)
        if reason:
            shown = "?" if name_reason else name
            message = f"The {where} field {shown!r} {reason}; remove it and send again."
            raise InvalidInput(message, {shown: [message]})


def _reason(value):
    # A multipart part may come without a name: None, nothing to check.
    return unstorable_reason(value) if isinstance(value, str) else None


def _check_json():
    if nesting_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH:
        raise InvalidInput(f"The JSON body is nested too deeply (more than {MAX_JSON_DEPTH} levels).")
    found = find_unstorable(request.get_json(silent=True))
    if found:
        path, reason = found
        field = "/".join(map(str, path)) or "(body)"
        message = f"The JSON field {field!r} {reason}; remove it and send again."
        raise InvalidInput(message, {field: [message]})
