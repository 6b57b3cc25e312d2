"""Who is asking, and the headers and checks every request gets."""
from flask import current_app, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from annotator.extensions import csrf, login_manager
from annotator.services import accounts
from annotator.services.errors import NotSignedIn, SetupNeeded

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


def bearer_token():
    """Return the API token sent in the Authorization header, or None."""
    auth = request.authorization
    return auth.token if auth is not None and auth.type == "bearer" and auth.token else None


class TokenAwareSessionInterface(SecureCookieSessionInterface):
    """API requests with a token are stateless: no session cookie is read or set."""

    def open_session(self, app, request):
        if bearer_token() is not None:
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
    app.before_request(require_first_admin)
    app.before_request(protect_from_csrf)
    app.after_request(add_security_headers)


def load_token_user(_request):
    """Return the user behind a bearer token, or None."""
    token = bearer_token()
    return accounts.user_for_token(token) if token else None


def send_to_login():
    """Answer 401 to the API; send people to the sign-in page and back."""
    if request.blueprint == "api":
        raise NotSignedIn("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def protect_from_csrf():
    """Check the CSRF token of every state change made with the session cookie."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or bearer_token() is not None:
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
    if current_user_is_known() and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def current_user_is_known():
    """Tell whether the response is for a signed-in user (it must not be cached)."""
    return request.endpoint != "static" and current_user.is_authenticated
