"""The one permission policy (annotator/permissions.py): the map itself, and the services asking it,
so that the CLI and scripts obey the rule the pages and the API obey."""
import pytest

from annotator import permissions
from annotator.extensions import db
from annotator.services import claims, imports, sources
from annotator.services.errors import Locked, PermissionDenied


def test_every_action_names_its_roles_and_a_message():
    for action, rule in permissions.POLICY.items():
        assert rule.roles is None or (rule.roles and rule.message), action


def test_an_action_the_map_does_not_name_is_an_error(annotator):
    with pytest.raises(LookupError):
        permissions.check(annotator, "claim.fly")


@pytest.mark.parametrize("role,action,allowed", [
    ("annotator", "claim.edit", True), ("annotator", "claim.approve", False),
    ("reviewer", "claim.approve", True), ("reviewer", "admin.users", False),
    ("admin", "export.restore", True), ("annotator", "export.restore", False),
    ("annotator", "assignment.manage", False), ("reviewer", "assignment.manage", True),
    ("annotator", "claimant.create", True), ("reviewer", "claimant.edit", True),
    ("annotator", "claimant.merge", False), ("reviewer", "claimant.merge", False), ("admin", "claimant.merge", True),
    ("admin", "reference.import", True), ("reviewer", "reference.import", False),
    ("annotator", "claim.matches", True), ("reviewer", "claim.reuse_verdict", True),
    ("annotator", "claim.dismiss_match", True),
])
def test_roles_allow_what_the_map_says(make_user, role, action, allowed):
    assert permissions.allows(make_user(role), action) is allowed


def test_nobody_signed_in_may_do_anything_but_sign_in():
    assert permissions.allows(None, "auth.sign_in")
    with pytest.raises(PermissionDenied, match="Sign in first"):
        permissions.check(None, "article.view")


def test_a_deactivated_account_may_not_annotate(make_user):
    assert not permissions.allows(make_user("annotator", active=False), "claim.edit")


def test_a_locked_article_refuses_edits_with_locked(annotator, make_article):
    article = make_article()
    article.state = "signed_off"
    assert not permissions.allows(annotator, "claim.edit", article)
    with pytest.raises(Locked):
        permissions.check(annotator, "claim.edit", article)


def test_four_eyes_refuses_own_work_unless_self_review_is_allowed(make_user):
    reviewer = make_user("reviewer")
    own = permissions.FourEyes(events=[], claim=None, self_review_allowed=False, self_approved=True)
    with pytest.raises(PermissionDenied, match="another reviewer must sign it off"):
        permissions.check(reviewer, "article.sign_off", own)
    assert permissions.allows(reviewer, "article.sign_off", own._replace(self_review_allowed=True))
    assert permissions.allows(reviewer, "article.sign_off", own._replace(self_approved=False))


def test_claim_edit_is_checked_in_the_service_not_only_the_view(make_user, make_article, make_claim):
    article = make_article()
    claim = claims.get_claim(make_claim(article, quote="$4 million").id)
    gone = make_user("annotator", active=False)
    with pytest.raises(PermissionDenied, match="cannot annotate"):
        claims.update_claim(gone, claim.id, claim.version, {"notes": "changed"})
    db.session.rollback()
    assert claims.get_claim(claim.id).notes in (None, "")


def test_source_edit_is_checked_in_the_service(make_user, make_article, make_claim):
    article = make_article()
    claim = claims.get_claim(make_claim(article, quote="$4 million").id)
    with pytest.raises(PermissionDenied):
        sources.add_source(make_user("reviewer", active=False), claim.id, {"url": "https://example.org/"})


def test_only_an_admin_imports_an_export_even_from_a_script(annotator):
    with pytest.raises(PermissionDenied, match="administrator"):
        imports.import_file(annotator, b"{}", max_bytes=1000)


def test_a_locked_article_refuses_reusing_a_verdict_and_dismissing_a_match(annotator, make_article):
    article = make_article()
    article.state = "signed_off"
    assert permissions.allows(annotator, "claim.matches", article)
    for action in ("claim.reuse_verdict", "claim.dismiss_match"):
        with pytest.raises(Locked):
            permissions.check(annotator, action, article)
