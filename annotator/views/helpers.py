"""Small pieces every blueprint uses: the declared permission of a route, and JSON in and out."""
import functools
import json

from flask import current_app, jsonify, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from annotator import permissions
from annotator.limits import IDEMPOTENCY_KEY_CHARS, article_max_chars
from annotator.services import idempotency
from annotator.services.errors import InvalidInput


def requires(action):
    """Declare the action a route performs (permissions.POLICY): the one sign-in and permission
    check of every view. Signed out, a page redirects to sign in and the API answers 401; a role
    the rule leaves out gets 403 with the rule's message. Conditions on the thing acted on (a
    locked article, four eyes) are the services' to check, with the same policy."""
    rule = permissions.rule_for(action)  # an unknown action fails at import, not at request

    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if rule.roles is not None and not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            permissions.check(current_user, action)
            return view(*args, **kwargs)
        checked.permission_action = action
        return checked
    return decorate


def allows(action, context=None):
    """Tell whether the signed-in user may do action (templates: `allows("claim.edit", article)`)."""
    return permissions.allows(current_user, action, context)


def json_data(data, status=200):
    """Answer with the API's success shape."""
    return jsonify({"data": data}), status


def json_body():
    """Return the request's JSON object, or raise a 400-class error that says what is wrong."""
    if not request.is_json:
        raise InvalidInput("Send a JSON object with Content-Type: application/json.")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise InvalidInput("The body must be a JSON object.")
    try:
        json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # JSON allows a lone UTF-16 surrogate ("\ud800"); no text column can store one.
        raise InvalidInput("The body holds text that is not valid Unicode (a lone surrogate).") from None
    return payload


def _form_value(value):
    if value is None or value is False:
        return ""
    if value is True:
        return "y"
    return str(value)


def formdata_from_json(payload, aliases=None):
    """Turn a flat JSON object into form data; nested values are refused by field."""
    aliases = aliases or {}
    nested = {key: ["Give a single value."] for key, value in payload.items()
              if isinstance(value, (list, dict))}
    if nested:
        raise InvalidInput("Some fields hold lists or objects where a single value belongs.", nested)
    return MultiDict({aliases.get(k, k): _form_value(v) for k, v in payload.items()})


def validated(form):
    """Return form when valid, else raise InvalidInput listing every field's errors."""
    if not form.validate():
        first = next(iter(form.errors.values()))[0]
        raise InvalidInput(f"Check the form: {first}", {k: list(v) for k, v in form.errors.items()})
    return form


def json_form(form_class):
    """Validate the JSON body with form_class; return the form and the keys sent."""
    payload = json_body()
    return validated(form_class(formdata=formdata_from_json(payload))), payload.keys()


def idempotency_key():
    """Return the request's Idempotency-Key, scoped to the signed-in user and bound to this
    request's body (None when absent); refuse an over-long key, and one already used for
    another request (see services/idempotency)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > IDEMPOTENCY_KEY_CHARS or not all("!" <= c <= "~" for c in key):
        raise InvalidInput(f"The Idempotency-Key header must be 1 to {IDEMPOTENCY_KEY_CHARS} visible ASCII characters.")
    return idempotency.bind_key(current_user, key,
                                idempotency.fingerprint(request.method, request.path, _canonical_body()))


def _canonical_body():
    """Return the body as bytes that do not depend on key order or spacing (a retry may
    serialise the same object differently)."""
    payload = request.get_json(silent=True) if request.is_json else None
    if payload is None:
        return request.get_data()
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def show_errors(form, invalid, default_field):
    """Put a service's InvalidInput messages on the form's fields (unknown names on default_field)."""
    for name, messages in invalid.fields.items():
        getattr(form, name, default_field).errors = list(messages)



MIB = 1024 * 1024


def too_much_to_send():
    """Say why a post of an article's text was too big to read (413), and that nothing is lost."""
    config = current_app.config
    return (f"Too much to send at once: an article may have up to {article_max_chars():,} characters, "
            f"and a request up to {config['MAX_CONTENT_LENGTH'] // MIB} MB. Your text is kept below: shorten it, "
            "or split the article.")
