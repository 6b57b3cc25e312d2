"""API: the sources of a claim. Each answer carries the claim too, so the editor keeps its version."""
from flask import request
from flask_login import current_user

from annotator.forms.articles import VersionForm
from annotator.forms.sources import SourceForm, SourceUpdateForm
from annotator.serializers import claim_json, source_json
from annotator.services import claims, sources
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, idempotency_key, json_data, json_form, requires, validated


def _answer(source_id, claim_id, status=200):
    claim = claims.get_claim(claim_id)
    source = next((s for s in claim.sources if s.id == source_id), None)
    return json_data({"source": source_json(source) if source else None, "claim": claim_json(claim)}, status)


@bp.post("/claims/<int:claim_id>/sources")
@requires("source.edit")
def add_source(claim_id):
    form, sent = json_form(SourceForm)
    data = {name: form[name].data for name in sources.SOURCE_FIELDS}
    source, created = sources.add_source(current_user, claim_id, data, idempotency_key())
    return _answer(source.id, claim_id, 201 if created else 200)


@bp.patch("/sources/<int:source_id>")
@requires("source.edit")
def update_source(source_id):
    form, sent = json_form(SourceUpdateForm)
    data = {name: form[name].data for name in sent if name in sources.SOURCE_FIELDS}
    source = sources.update_source(current_user, source_id, form.version.data, data)
    return _answer(source_id, source.claim_id)


@bp.delete("/sources/<int:source_id>")
@requires("source.edit")
def remove_source(source_id):
    form = validated(VersionForm(formdata=formdata_from_json(request.args.to_dict())))
    source = sources.remove_source(current_user, source_id, form.version.data)
    return _answer(source_id, source.claim_id)
