"""Pages of claimant records: the index (with a form to add one), one claimant, edit, merge."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator import transaction
from annotator.forms.claimants import ClaimantForm, EditClaimantForm, MergeClaimantForm
from annotator.services import claimant_pages, claimants
from annotator.services.errors import Conflict, InvalidInput
from annotator.views.helpers import requires, show_errors

bp = Blueprint("claimants", __name__, url_prefix="/claimants")


def _show_refusal(form, refused):
    """Put the service's refusal on the form's fields, or above the form when it names none."""
    show_errors(form, refused, form.name)
    if not refused.fields:
        flash(refused.message, "error")


@bp.get("")
@requires("claimant.view")
def index(form=None, status=200):
    return render_template("claimants/index.html", rows=claimant_pages.list_claimants(),
                           limit=claimant_pages.INDEX_LIMIT, form=form or ClaimantForm()), status


@bp.post("")
@requires("claimant.create")
def create():
    form = ClaimantForm()
    if not form.validate():
        return index(form, 422)
    try:
        with transaction.savepoint():
            claimant = claimants.create_claimant(current_user, **form.fields())
    except (InvalidInput, Conflict) as refused:
        _show_refusal(form, refused)
        return index(form, refused.status)
    flash(f"{claimant.name} added. Claims that name them link to the record as they are saved.", "success")
    return redirect(url_for("claimants.show", claimant_id=claimant.id))


@bp.get("/<int:claimant_id>")
@requires("claimant.view")
def show(claimant_id, form=None, status=200):
    claimant = claimants.get_claimant(claimant_id)
    if claimant.merged_into_id is not None:
        return redirect(url_for("claimants.show", claimant_id=claimant.merged_into_id), 301)
    page = claimant_pages.get_claimant_page(claimant_id)
    form = form or EditClaimantForm(obj=claimant, aliases="\n".join(claimant.aliases))
    return render_template("claimants/show.html", page=page, form=form,
                           merge_form=MergeClaimantForm(version=claimant.version)), status


@bp.post("/<int:claimant_id>")
@requires("claimant.edit")
def update(claimant_id):
    form = EditClaimantForm()
    if not form.validate():
        return show(claimant_id, form, 422)
    try:
        with transaction.savepoint():
            claimants.update_claimant(current_user, claimant_id, form.version.data, form.fields())
    except (InvalidInput, Conflict) as refused:
        _show_refusal(form, refused)
        return show(claimant_id, form, refused.status)
    flash("Claimant saved.", "success")
    return redirect(url_for("claimants.show", claimant_id=claimant_id))


@bp.post("/<int:claimant_id>/merge")
@requires("claimant.merge")
def merge(claimant_id):
    form = MergeClaimantForm()
    if not form.validate():
        flash(next(iter(form.errors.values()))[0], "error")
        return redirect(url_for("claimants.show", claimant_id=claimant_id)), 303
    kept = claimants.merge_claimants(current_user, claimant_id, form.into.data, form.version.data)
    flash(f"Merged into {kept.name}; the claims and names moved here.", "success")
    return redirect(url_for("claimants.show", claimant_id=kept.id))
