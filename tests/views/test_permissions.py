"""Every route checks who may do what: a table of route x role -> outcome.

A new route must be added to ROUTES, or test_every_route_is_in_the_table fails, and must declare
its action (views/helpers.requires, permissions.POLICY), or test_every_view_declares_its_action fails.
Outcomes: "ok" (served or refused for its input, never for the role), "deny" (403),
"login" (anonymous: a redirect to sign in, or 401 from the API).
"""
import re

import pytest

OK, DENY, LOGIN = "ok", "deny", "login"
ANYONE = {"annotator": OK, "reviewer": OK, "admin": OK}
ADMIN_ONLY = {"annotator": DENY, "reviewer": DENY, "admin": OK}
REVIEWERS = {"annotator": DENY, "reviewer": OK, "admin": OK}
# The world's comment is the world admin's: every other account, another admin too, is refused.
AUTHOR_ONLY = {"annotator": DENY, "reviewer": DENY, "admin": DENY}

# (method, rule, roles); the anonymous outcome is always LOGIN unless the rule is public.
ROUTES = [
    ("GET", "/", ANYONE),
    ("GET", "/articles/new", ANYONE),
    ("POST", "/articles/new", ANYONE),
    ("GET", "/articles/<int:article_id>", ANYONE),
    ("POST", "/demo", ANYONE),
    ("GET", "/admin/users", ADMIN_ONLY),
    ("POST", "/admin/users", ADMIN_ONLY),
    ("POST", "/admin/users/<int:user_id>", ADMIN_ONLY),
    ("POST", "/admin/users/<int:user_id>/password", ADMIN_ONLY),
    ("POST", "/admin/users/<int:user_id>/unlock", ADMIN_ONLY),
    ("GET", "/admin/verdicts", ADMIN_ONLY),
    ("POST", "/admin/verdicts", ADMIN_ONLY),
    ("POST", "/admin/verdicts/<int:verdict_id>", ADMIN_ONLY),
    ("GET", "/admin/publisher", ADMIN_ONLY),
    ("POST", "/admin/publisher", ADMIN_ONLY),
    ("GET", "/admin/references", ADMIN_ONLY),
    ("POST", "/admin/references", ADMIN_ONLY),
    ("GET", "/account", ANYONE),
    ("GET", "/account/password", ANYONE),
    ("POST", "/account/password", ANYONE),
    ("POST", "/account/tokens", ANYONE),
    ("POST", "/account/tokens/<int:token_id>/revoke", ANYONE),
    # Signing out sends you to the sign-in page.
    ("POST", "/logout", {"annotator": LOGIN, "reviewer": LOGIN, "admin": LOGIN}),
    ("GET", "/claimants", ANYONE),
    ("POST", "/claimants", ANYONE),
    ("GET", "/claimants/<int:claimant_id>", ANYONE),
    ("POST", "/claimants/<int:claimant_id>", ANYONE),
    ("POST", "/claimants/<int:claimant_id>/merge", ADMIN_ONLY),
    ("GET", "/api/v1/claimants", ANYONE),
    ("POST", "/api/v1/claimants", ANYONE),
    ("GET", "/api/v1/claimants/<int:claimant_id>", ANYONE),
    ("PATCH", "/api/v1/claimants/<int:claimant_id>", ANYONE),
    ("POST", "/api/v1/claimants/<int:claimant_id>/merge", ADMIN_ONLY),
    ("GET", "/api/v1/me", ANYONE),
    ("POST", "/api/v1/me/password", ANYONE),
    ("GET", "/api/v1/verdicts", ANYONE),
    ("GET", "/api/v1/articles", ANYONE),
    ("POST", "/api/v1/articles", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/claims", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/claims", ANYONE),
    ("GET", "/api/v1/claims/<int:claim_id>", ANYONE),
    ("PATCH", "/api/v1/claims/<int:claim_id>", ANYONE),
    ("DELETE", "/api/v1/claims/<int:claim_id>", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/<any(accept, dismiss):decision>", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/restore", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/sources", ANYONE),
    ("PATCH", "/api/v1/sources/<int:source_id>", ANYONE),
    ("DELETE", "/api/v1/sources/<int:source_id>", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/suggestions", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/suggestions/decide", ANYONE),
    ("POST", "/articles/<int:article_id>/suggestions", ANYONE),
    ("POST", "/articles/<int:article_id>/suggestions/decide", ANYONE),
    ("POST", "/articles/<int:article_id>/claims/<int:claim_id>/<any(accept, dismiss):decision>", ANYONE),
    # exports are reads, open to every signed-in role; an import can carry sign-offs, so admins only
    ("GET", "/articles/<int:article_id>/export/<fmt>", ANYONE),
    ("GET", "/exports/<fmt>", ANYONE),
    ("GET", "/articles/<int:article_id>/text", ANYONE),
    ("GET", "/articles/<int:article_id>/annotations", ANYONE),
    ("GET", "/claims/<int:claim_id>/annotation", ANYONE),
    ("GET", "/imports/new", ADMIN_ONLY),
    ("POST", "/imports/new", ADMIN_ONLY),
    ("GET", "/api/v1/articles/<int:article_id>/export", ANYONE),
    ("GET", "/api/v1/exports", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/annotations", ANYONE),
    ("POST", "/api/v1/imports", ADMIN_ONLY),
    # revisions: every role annotates, so every role may revise and tidy orphans
    ("GET", "/articles/<int:article_id>/revise", ANYONE),
    ("POST", "/articles/<int:article_id>/revise", ANYONE),
    ("GET", "/articles/<int:article_id>/revisions", ANYONE),
    ("GET", "/articles/<int:article_id>/revisions/compare", ANYONE),
    ("POST", "/articles/<int:article_id>/orphans/<int:claim_id>/delete", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/revisions", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/revisions", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/revisions/<int:number>", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/diff", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/reattach", ANYONE),
    # review: everyone submits and reads history; reviewers and admins review; admins flip self-review
    ("POST", "/api/v1/claims/<int:claim_id>/submit", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/approve", REVIEWERS),
    ("POST", "/api/v1/claims/<int:claim_id>/request-changes", REVIEWERS),
    ("POST", "/api/v1/articles/<int:article_id>/submit", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/withdraw", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/sign-off", REVIEWERS),
    ("POST", "/api/v1/articles/<int:article_id>/reopen", REVIEWERS),
    ("GET", "/api/v1/claims/<int:claim_id>/history", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/activity", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/sign-offs", ANYONE),
    ("GET", "/api/v1/review/queue", REVIEWERS),
    ("GET", "/api/v1/review/settings", ANYONE),
    ("PUT", "/api/v1/review/settings", ADMIN_ONLY),
    ("GET", "/api/v1/settings/suggestions", ANYONE),
    ("PUT", "/api/v1/settings/suggestions", ADMIN_ONLY),
    ("GET", "/review/", REVIEWERS),
    ("GET", "/review/dashboard", REVIEWERS),
    ("POST", "/review/settings", ADMIN_ONLY),
    ("POST", "/review/settings/suggestions", ADMIN_ONLY),
    ("POST", "/review/detector/retrain", ADMIN_ONLY),
    ("POST", "/review/detector/shipped", ADMIN_ONLY),
    ("GET", "/review/claims/<int:claim_id>/history", ANYONE),
    ("POST", "/review/claims/<int:claim_id>/submit", ANYONE),
    ("POST", "/review/claims/<int:claim_id>/approve", REVIEWERS),
    ("POST", "/review/claims/<int:claim_id>/request-changes", REVIEWERS),
    ("POST", "/review/articles/<int:article_id>/submit", ANYONE),
    ("POST", "/review/articles/<int:article_id>/withdraw", ANYONE),
    ("POST", "/review/articles/<int:article_id>/sign-off", REVIEWERS),
    ("POST", "/review/articles/<int:article_id>/reopen", REVIEWERS),
    # assignments: editors (reviewers and admins) give work out; everyone sees it and their own work
    ("GET", "/articles/<int:article_id>/assignment", REVIEWERS),
    ("POST", "/articles/<int:article_id>/assignment", REVIEWERS),
    ("POST", "/articles/<int:article_id>/assignment/delete", REVIEWERS),
    ("GET", "/api/v1/articles/<int:article_id>/assignment", ANYONE),
    ("PUT", "/api/v1/articles/<int:article_id>/assignment", REVIEWERS),
    ("DELETE", "/api/v1/articles/<int:article_id>/assignment", REVIEWERS),
    ("GET", "/api/v1/articles/<int:article_id>/changes", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/stream", ANYONE),
    ("PUT", "/api/v1/articles/<int:article_id>/presence", ANYONE),
    ("DELETE", "/api/v1/articles/<int:article_id>/presence", ANYONE),
    ("GET", "/my-work", ANYONE),
    ("GET", "/api/v1/my-work", ANYONE),
    # search: everyone signed in searches everything (a query that finds nothing is still "ok")
    ("GET", "/search", ANYONE),
    ("GET", "/api/v1/search", ANYONE),
    # discussion: everyone signed in reads and writes; a comment is edited by its author alone
    ("GET", "/api/v1/claims/<int:claim_id>/thread", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/thread", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/thread", ANYONE),
    ("POST", "/api/v1/articles/<int:article_id>/thread", ANYONE),
    ("PATCH", "/api/v1/comments/<int:comment_id>", AUTHOR_ONLY),
    ("POST", "/api/v1/threads/<int:thread_id>/<any(resolve, reopen):move>", ANYONE),
    ("GET", "/api/v1/users/mentionable", ANYONE),
    # checked before: everyone signed in sees the matches; whoever may edit the claim reuses or dismisses
    ("GET", "/api/v1/claims/<int:claim_id>/matches", ANYONE),
    ("GET", "/api/v1/articles/<int:article_id>/matches", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/reuse", ANYONE),
    ("POST", "/api/v1/claims/<int:claim_id>/matches/dismiss", ANYONE),
    # notifications: each person's own (another's is a 404, never a 403 that confirms it exists)
    ("GET", "/api/v1/notifications", ANYONE),
    ("POST", "/api/v1/notifications/<int:notification_id>/read", ANYONE),
    ("POST", "/api/v1/notifications/read-all", ANYONE),
    ("GET", "/notifications", ANYONE),
    ("POST", "/notifications/<int:notification_id>/open", ANYONE),
    ("POST", "/notifications/read-all", ANYONE),
    ("POST", "/notifications/mail", ANYONE),
]
PUBLIC = {("GET", "/setup"), ("POST", "/setup"), ("GET", "/login"), ("POST", "/login"),
          ("GET", "/static/<path:filename>")}


@pytest.fixture
def world(admin, make_user, make_article, make_claim):
    """One of everything a route may name, owned by the admin."""
    from annotator.extensions import db
    from annotator.services.accounts import create_api_token
    from annotator.services.sources import add_source
    from annotator.services.claimants import create_claimant
    from annotator.services.threads import post_comment

    article = make_article()
    claim = make_claim(article, quote="$4 million")
    token, _ = create_api_token(admin, "script")
    source = add_source(admin, claim.id, {"url": "https://example.org/"})[0]
    comment = post_comment(admin, "Where is this from?", claim_id=claim.id)
    claimant = create_claimant(admin, "The mayor")
    db.session.commit()
    return {"article_id": article.id, "claim_id": claim.id, "user_id": admin.id, "token_id": token.id,
            "source_id": source.id, "number": 1, "verdict_id": 1, "comment_id": comment.id,
            "thread_id": comment.thread_id, "notification_id": 1, "claimant_id": claimant.id}


def path_for(rule, ids):
    for name, value in ids.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    return re.sub(r"<any\(([a-z_]+)[^>]*>", r"\1", rule)


def outcome(response, path):
    if response.status_code == 401 or (response.status_code == 302 and "/login" in response.headers["Location"]):
        return LOGIN
    if response.status_code == 403:
        return DENY
    assert response.status_code < 500, f"{path}: {response.status_code}"
    return OK


def test_every_route_is_in_the_table(app):
    listed = {(m, r) for m, r, _ in ROUTES} | PUBLIC
    served = {(m, rule.rule) for rule in app.url_map.iter_rules() for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert served - listed == set(), "add these routes to ROUTES with who may use them"


def test_every_view_declares_its_action(app):
    from annotator.permissions import POLICY

    undeclared = {name for name, view in app.view_functions.items()
                  if name != "static" and getattr(view, "permission_action", None) not in POLICY}
    assert undeclared == set(), "decorate these views with @requires(action)"


def test_public_routes_are_the_ones_the_policy_makes_public(app):
    from annotator.permissions import POLICY

    public = {(m, rule.rule) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
              for m in rule.methods - {"HEAD", "OPTIONS"}
              if POLICY[app.view_functions[rule.endpoint].permission_action].roles is None}
    assert public == PUBLIC - {("GET", "/static/<path:filename>")}


@pytest.mark.parametrize("role", ["anonymous", "annotator", "reviewer", "admin"])
@pytest.mark.parametrize("method,rule,roles", ROUTES, ids=[f"{m} {r}" for m, r, _ in ROUTES])
def test_route_answers_each_role_as_the_table_says(app, world, make_user, login, role, method, rule, roles):
    client = app.test_client()
    if role != "anonymous":
        login(make_user(role) if role != "admin" else make_user("admin"), target=client)
    path = path_for(rule, world)
    response = client.open(path, method=method, json={} if path.startswith("/api/") and method != "GET" else None)
    expected = LOGIN if role == "anonymous" else roles[role]
    assert outcome(response, path) == expected


@pytest.mark.parametrize("method,rule", sorted(PUBLIC - {("GET", "/static/<path:filename>")}))
def test_public_routes_need_no_sign_in(client, admin, method, rule):
    assert client.open(rule, method=method).status_code in (200, 302, 422)
