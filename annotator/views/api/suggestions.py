"""API: the detector's suggestions, accepted or dismissed by a person."""
from flask import request
from flask_login import current_user

from annotator.forms.review import ReviewForm
from annotator.forms.suggestions import DecideSuggestionsForm, SuggestForm, SuggestionSettingsForm
from annotator.serializers import claim_json
from annotator.services import articles, claims, suggestions
from annotator.text.checkworthiness import DEFAULT_THRESHOLD
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_data, json_form, requires, validated


def json_object():
    body = request.get_json(silent=True)  # optional: {"version": n} guards against a stale view
    return body if isinstance(body, dict) else {}


@bp.post("/claims/<int:claim_id>/<any(accept, dismiss):decision>")
@requires("suggestion.decide")
def decide_suggestion(claim_id, decision):
    form = validated(ReviewForm(formdata=formdata_from_json(json_object())))
    suggestions.decide_suggestion(current_user, claim_id, decision, form.version.data)
    return json_data(claim_json(claims.get_claim(claim_id)))


@bp.post("/claims/<int:claim_id>/restore")
@requires("suggestion.decide")
def restore_suggestion(claim_id):
    form = validated(ReviewForm(formdata=formdata_from_json(json_object())))
    suggestions.restore_suggestion(current_user, claim_id, form.version.data)
    return json_data(claim_json(claims.get_claim(claim_id)))


@bp.post("/articles/<int:article_id>/suggestions")
@requires("suggestion.run")
def suggest_again(article_id):
    article = articles.get_article(article_id)
    form, _ = json_form(SuggestForm)
    added = suggestions.add_suggestions(current_user, article, form.threshold.data)
    return json_data({"added": added})


@bp.post("/articles/<int:article_id>/suggestions/decide")
@requires("suggestion.decide")
def decide_suggestions(article_id):
    article = articles.get_article(article_id)
    form, _ = json_form(DecideSuggestionsForm)
    count = suggestions.decide_suggestions(current_user, article, form.decision.data, form.min_score.data or 0.0)
    return json_data({"decided": count, "decision": form.decision.data})


@bp.get("/settings/suggestions")
@requires("settings.view")
def suggestion_settings():
    return json_data({"threshold": suggestions.current_threshold(), "detector_default": DEFAULT_THRESHOLD})


@bp.put("/settings/suggestions")
@requires("settings.edit")
def update_suggestion_settings():
    form, _ = json_form(SuggestionSettingsForm)
    suggestions.set_threshold(current_user, form.threshold.data)
    return json_data({"threshold": suggestions.current_threshold(), "detector_default": DEFAULT_THRESHOLD})
