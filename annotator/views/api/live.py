"""API: live updates of one article (its changes after a cursor, polled or streamed) and who has it open."""
from flask import Response, current_app, request, stream_with_context
from flask_login import current_user

from annotator import transaction
from annotator.forms.live import ChangesForm, PresenceForm
from annotator.serializers import changes_json, claim_json, live_event_json, presence_json
from annotator.services import live, live_stream
from annotator.services.errors import Unavailable
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_body, json_data, requires, validated


@bp.record_once
def give_the_app_its_feeds(state):
    live.init_app(state.app, claim=claim_json, event=live_event_json, person=presence_json)
    live_stream.init_app(state.app)


@bp.get("/articles/<int:article_id>/changes")
@requires("article.view")
def get_changes(article_id):
    form = validated(ChangesForm(formdata=request.args))
    feeds = current_app.extensions["live_feeds"]
    return json_data(changes_json(feeds.changes(article_id, form.after.data, form.seen.data, viewer=current_user)))


@bp.get("/articles/<int:article_id>/stream")
@requires("article.view")
def get_stream(article_id):
    """The article's changes pushed as they happen (Server-Sent Events): each message is what a
    poll of /changes would answer, with only the events not sent yet. The stream ends after
    LIVE_STREAM_SECONDS with an `end` event, and the page opens the next from its cursor.

    Each open stream holds one of the server's threads: when this process has no slot free
    (LIVE_STREAMS), or serves one request at a time, the answer is 503 and the page polls.
    """
    form = validated(ChangesForm(formdata=request.args))
    slots = current_app.extensions["live_streams"]
    if not request.environ.get("wsgi.multithread") or not slots.take():
        raise Unavailable("No live stream is free on this server now: poll the article's changes instead.",
                          retry_after=current_app.config["LIVE_STREAM_SECONDS"])
    try:
        watching = live_stream.watch(current_app.extensions["live_feeds"], current_app.extensions["live_ticker"],
                                     article_id, form.after.data, form.seen.data,
                                     live_stream.Viewer(current_user.id, current_user.username),
                                     current_app.config["LIVE_STREAM_SECONDS"], pause=transaction.pause_read)
        first = next(watching)  # an unknown article is a 404 here, before the stream begins
        response = Response(stream_with_context(_messages(first, watching)), mimetype="text/event-stream",
                            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    except BaseException:
        slots.give()
        raise
    response.call_on_close(slots.give)  # the server closes every answer, read to its end or not
    return response


def _messages(first, watching):
    yield _message(first)
    for found in watching:
        yield _message(found) if found is not None else ": still here\n\n"
    yield "event: end\ndata: {}\n\n"


def _message(found):
    return f"data: {current_app.json.dumps({'data': changes_json(found)})}\n\n"


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
