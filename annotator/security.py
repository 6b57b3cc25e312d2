"""Who is asking, and the headers and checks every request gets."""
import time

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, logout_user, user_logged_in
from werkzeug.middleware.proxy_fix import ProxyFix

from annotator import transaction
from annotator.extensions import csrf, login_manager
from annotator.services import accounts
from annotator.services.errors import NotSignedIn, PermissionDenied, SetupNeeded

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Pages reachable before the first admin exists.
SETUP_ENDPOINTS = frozenset({"auth.setup", "static"})
# What someone whose password an admin reset may still reach before choosing a new one.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"account.password", "account.change_password", "api.me",
                                       "api.change_password", "auth.logout", "static"})
API_PREFIX = "/api/"
# When the session began and when it was last seen (seconds since the epoch, in the signed cookie).
SIGNED_IN_AT, SEEN_AT = "_signed_in_at", "_seen_at"
SEEN_RESOLUTION = 60  # rewrite the cookie at most once a minute for the idle clock


def bearer_token():
    """Return the API token sent in the Authorization header, or None."""
    auth = request.authorization
    return auth.token if auth is not None and auth.type == "bearer" and auth.token else None


def is_api_request():
    return request.path.startswith(API_PREFIX)


def is_token_request():
    """Tell whether the request authenticates with a token, not a session (only the API takes tokens)."""
    return is_api_request() and bearer_token() is not None


class TokenAwareSessionInterface(SecureCookieSessionInterface):
    """API requests with a token are stateless: no session cookie is read or set."""

    def open_session(self, app, request):
        if is_token_request():
            return self.null_session_class()
        return super().open_session(app, request)


def init_app(app):
    """Wire authentication, CSRF, the first-run gate and the security headers."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    if app.config["PROXY_COUNT"]:
        # Behind a proxy every request comes from it; rate limits need the client's address.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.session_interface = TokenAwareSessionInterface()
    login_manager.user_loader(accounts.load_session_user)
    login_manager.request_loader(load_token_user)
    login_manager.unauthorized_handler(send_to_login)
    user_logged_in.connect(start_session_clock, app)
    app.before_request(refuse_token_outside_api)
    app.before_request(expire_session)
    app.before_request(require_first_admin)
    app.before_request(protect_from_csrf)
    app.before_request(require_password_change)
    app.after_request(add_security_headers)


def load_token_user(_request):
    """Return the user behind a bearer token sent to the API, or None."""
    if not is_token_request():
        return None
    token = accounts.get_live_token(bearer_token())
    if token is not None and accounts.is_token_use_stale(token):
        record_token_use(token)
    return token.user if token is not None else None


def record_token_use(token):
    """Keep the token's last_used_at, in a short transaction of its own (transaction.separate).

    A read request never commits a write, so this one cannot ride on the request's transaction; it
    runs here, in before_request, before any work of the request.
    """
    token_id = token.id
    with transaction.separate():
        accounts.mark_token_used(token_id)


def refuse_token_outside_api():
    """Tokens are for the API: a page asked with one gets a clear 400, not a half-built session."""
    if bearer_token() is not None and not is_api_request() and request.endpoint != "static":
        abort(400, description="Personal API tokens work only under /api/v1; sign in to use the pages.")


def start_session_clock(_app, user, **_extra):
    """Note when this session signed in, for its absolute and idle expiry."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(time.time())


def expire_session():
    """Sign out a session idle longer than SESSION_IDLE_SECONDS or older than SESSION_ABSOLUTE_SECONDS."""
    if "_user_id" not in session:
        return
    now, config = int(time.time()), current_app.config
    started, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not (isinstance(started, int) and isinstance(seen, int)) or now - started >= config["SESSION_ABSOLUTE_SECONDS"] \
            or now - seen >= config["SESSION_IDLE_SECONDS"]:
        logout_user()
        for key in (SIGNED_IN_AT, SEEN_AT):
            session.pop(key, None)
        if not is_api_request():
            flash("Your session has ended. Sign in again.", "info")
    elif now - seen >= SEEN_RESOLUTION:
        session[SEEN_AT] = now


def require_password_change():
    """Until someone whose password an admin reset chooses a new one, ask for it everywhere."""
    if request.endpoint in PASSWORD_CHANGE_ENDPOINTS or is_token_request():
        return None
    if not (current_user.is_authenticated and current_user.must_change_password):
        return None
    if is_api_request():
        raise PermissionDenied("An administrator reset your password: choose a new one first "
                               "(POST /api/v1/me/password, or the account page).")
    flash("An administrator reset your password. Choose a new one to go on.", "info")
    return redirect(url_for("account.password"))


def send_to_login():
    """Answer 401 to the API; send people to the sign-in page and back."""
    if request.blueprint == "api":
        raise NotSignedIn("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def protect_from_csrf():
    """Check the CSRF token of every state change made with the session cookie."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or is_token_request():
        return
    csrf.protect()


def require_first_admin():
    """Send every request to the setup page until the instance has an admin."""
    # Accounts are never deleted, so once one exists this process need not ask again.
    if current_app.extensions.get("annotator.has_accounts") or request.endpoint in SETUP_ENDPOINTS:
        return None
    if not accounts.is_setup_needed():
        current_app.extensions["annotator.has_accounts"] = True
        return None
    if request.blueprint == "api":
        raise SetupNeeded("Create the first admin account at /setup first.")
    return redirect(url_for("auth.setup"))


def add_security_headers(response):
    """Add the security headers, the enforced CSP among them."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Every page and API answer may carry someone's data or a CSRF token: none is cached. Decided
    # without loading the user, so an error answer (a locked database) needs no database.
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
