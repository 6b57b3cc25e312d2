"""API: live updates of one article (its changes after a cursor) and who has it open."""
from flask import current_app, request
from flask_login import current_user

from annotator.forms.live import ChangesForm, PresenceForm
from annotator.serializers import changes_json, claim_json, live_event_json, presence_json
from annotator.services import live
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_body, json_data, requires, validated


@bp.record_once
def give_the_app_its_feeds(state):
    live.init_app(state.app, claim=claim_json, event=live_event_json, person=presence_json)


@bp.get("/articles/<int:article_id>/changes")
@requires("article.view")
def get_changes(article_id):
    form = validated(ChangesForm(formdata=request.args))
    feeds = current_app.extensions["live_feeds"]
    return json_data(changes_json(feeds.changes(article_id, form.after.data, form.seen.data, viewer=current_user)))


@bp.put("/articles/<int:article_id>/presence")
@requires("article.view")
def put_presence(article_id):
    form = validated(PresenceForm(formdata=formdata_from_json(json_body())))
    live.mark_present(current_user, article_id, form.claim_id.data)
    return json_data([presence_json(p) for p in live.list_present(article_id, current_user)])


@bp.delete("/articles/<int:article_id>/presence")
@requires("article.view")
def delete_presence(article_id):
    live.mark_gone(current_user, article_id)
    return json_data([])
