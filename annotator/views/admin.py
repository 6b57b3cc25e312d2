"""Administration: accounts and roles, the verdict scale, the publisher ClaimReview names, the
reference library of other fact-checkers' reviews."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator import transaction
from annotator.forms.admin import (
    EditUserForm, NewUserForm, NewVerdictForm, PublisherForm, ReferenceImportForm, ResetPasswordForm, VerdictForm,
)
from annotator.services import accounts, references, verdicts
from annotator.services.errors import InvalidInput
from annotator.services.publisher import current_publisher, is_placeholder, set_publisher
from annotator.views.helpers import requires, show_errors, validated

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@requires("admin.users")
def users():
    return users_page(NewUserForm())


def users_page(form, status=200):
    people = accounts.list_users()
    return render_template("admin/users.html", users=people, form=form,
                           locked=accounts.locked_user_ids(people)), status


@bp.post("/users")
@requires("admin.users")
def create_user():
    form = NewUserForm()
    if not form.validate():
        return users_page(form, 422)
    try:
        with transaction.savepoint():
            accounts.create_user(form.username.data, form.password.data, form.role.data,
                                 form.display_name.data, actor=current_user)
    except InvalidInput as invalid:
        show_errors(form, invalid, form.password)
        return users_page(form, 422)
    flash(f"Account {form.username.data} created.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>")
@requires("admin.users")
def update_user(user_id):
    user = accounts.get_user(user_id)
    form = validated(EditUserForm())
    accounts.update_user(current_user, user, form.role.data, form.active.data)
    flash(f"Account {user.username} updated.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
@requires("admin.users")
def reset_password(user_id):
    user = accounts.get_user(user_id)
    form = validated(ResetPasswordForm())
    accounts.reset_password(current_user, user, form.password.data)
    flash(f"{user.username} has a new password, to be changed at the next sign-in; their sessions are ended.",
          "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/unlock")
@requires("admin.users")
def unlock_user(user_id):
    user = accounts.get_user(user_id)
    accounts.unlock_user(current_user, user)
    flash(f"{user.username} may sign in again.", "success")
    return redirect(url_for("admin.users"))


@bp.get("/verdicts")
@requires("admin.verdicts")
def verdict_scale():
    scale = verdicts.list_verdicts(include_inactive=True)
    return render_template("admin/verdicts.html", verdicts=scale, form=NewVerdictForm(active=True))


@bp.post("/verdicts")
@requires("admin.verdicts")
def create_verdict():
    form = NewVerdictForm()
    if not form.validate():
        scale = verdicts.list_verdicts(include_inactive=True)
        return render_template("admin/verdicts.html", verdicts=scale, form=form), 422
    verdicts.create_verdict(current_user, form.key.data, form.label.data, form.rating.data, form.position.data)
    flash(f"Verdict {form.label.data} added.", "success")
    return redirect(url_for("admin.verdict_scale"))


@bp.post("/verdicts/<int:verdict_id>")
@requires("admin.verdicts")
def update_verdict(verdict_id):
    verdict = verdicts.get_verdict(verdict_id)
    form = validated(VerdictForm())
    verdicts.update_verdict(current_user, verdict, label=form.label.data, rating=form.rating.data,
                            position=form.position.data if form.position.data is not None else verdict.position,
                            active=form.active.data)
    flash(f"Verdict {verdict.label} saved.", "success")
    return redirect(url_for("admin.verdict_scale"))


@bp.get("/publisher")
@requires("settings.edit")
def publisher():
    return publisher_page(PublisherForm(data=current_publisher()))


def publisher_page(form, status=200):
    shown = current_publisher()
    return render_template("admin/publisher.html", form=form, publisher=shown,
                           placeholder=is_placeholder(shown)), status


@bp.post("/publisher")
@requires("settings.edit")
def update_publisher():
    form = PublisherForm()
    if not form.validate():
        return publisher_page(form, 422)
    set_publisher(current_user, form.name.data.strip(), form.url.data.strip())
    flash(f"ClaimReview now names {form.name.data.strip()} as the publisher. Articles signed off before keep "
          "the publisher their sign-off recorded.", "success")
    return redirect(url_for("admin.publisher"))


@bp.get("/references")
@requires("reference.import")
def reference_library():
    return references_page(ReferenceImportForm())


def references_page(form, status=200, problems=()):
    return render_template("admin/references.html", form=form, count=references.count_references(),
                           problems=problems), status


@bp.post("/references")
@requires("reference.import")
def import_references():
    form = ReferenceImportForm()
    if not form.validate():
        return references_page(form, 422)
    upload = form.file.data
    try:
        with transaction.savepoint():
            added = references.import_references(current_user, upload.read(), upload.filename or "")
    except InvalidInput as invalid:
        form.file.errors = [invalid.message]
        return references_page(form, 422, invalid.fields.get("records", ()))
    noun = "review" if added["added"] == 1 else "reviews"
    flash(f"{added['added']} {noun} added to the reference library"
          + (f"; {added['skipped']} were there already." if added["skipped"] else "."), "success")
    return redirect(url_for("admin.reference_library"))
