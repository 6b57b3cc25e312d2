"""API: claimant records, and the claimant field's completion."""
from flask import request
from flask_login import current_user

from annotator.forms.claimants import ClaimantForm, CompleteForm, EditClaimantForm, MergeClaimantForm
from annotator.serializers import claimant_json
from annotator.services import claimant_pages, claimants
from annotator.services.errors import InvalidInput
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_body, json_data, requires, validated


def claimant_form(form_class, defaults=None):
    """Validate a JSON claimant with form_class; aliases come as a list of strings."""
    sent = json_body()
    payload = {**(defaults or {}), **sent}
    aliases = payload.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InvalidInput("Give the aliases as a list of names.", {"aliases": ["Give a list of names."]})
    payload["aliases"] = "\n".join(aliases)
    return validated(form_class(formdata=formdata_from_json(payload))), sent.keys()


@bp.get("/claimants")
@requires("claimant.view")
def complete_claimants():
    form = validated(CompleteForm(formdata=request.args))
    return json_data([claimant_json(c, matched) for c, matched in claimant_pages.complete(form.q.data or "")])


@bp.post("/claimants")
@requires("claimant.create")
def create_claimant():
    form, _ = claimant_form(ClaimantForm)
    fields = form.fields()
    return json_data(claimant_json(claimants.create_claimant(current_user, **fields)), 201)


@bp.get("/claimants/<int:claimant_id>")
@requires("claimant.view")
def get_claimant(claimant_id):
    return json_data(claimant_json(claimants.get_claimant(claimant_id)))


@bp.patch("/claimants/<int:claimant_id>")
@requires("claimant.edit")
def update_claimant(claimant_id):
    current = claimants.get_claimant(claimant_id)
    form, sent = claimant_form(EditClaimantForm, {"name": current.name, "aliases": current.aliases})
    changes = {k: v for k, v in form.fields().items() if k in sent}
    return json_data(claimant_json(claimants.update_claimant(current_user, claimant_id, form.version.data, changes)))


@bp.post("/claimants/<int:claimant_id>/merge")
@requires("claimant.merge")
def merge_claimant(claimant_id):
    form = validated(MergeClaimantForm(formdata=formdata_from_json(json_body())))
    kept = claimants.merge_claimants(current_user, claimant_id, form.into.data, form.version.data)
    return json_data(claimant_json(kept))
