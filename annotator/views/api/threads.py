"""API: the discussion of a claim or an article, and who can be mentioned."""
from flask import request
from flask_login import current_user

from annotator.forms.threads import CommentForm, MentionForm
from annotator.serializers import user_json
from annotator.serializers_threads import comment_json, discussion_json
from annotator.services import threads
from annotator.views.api import bp
from annotator.views.helpers import json_data, json_form, requires, validated


def discussion(claim_id=None, article_id=None, status=200):
    found = threads.get_discussion(claim_id=claim_id, article_id=article_id)
    return json_data(discussion_json(*found, threads.edit_window()), status)


def posted(claim_id=None, article_id=None):
    form, _ = json_form(CommentForm)
    threads.post_comment(current_user, form.body.data, claim_id=claim_id, article_id=article_id)
    return discussion(claim_id, article_id, 201)


@bp.get("/claims/<int:claim_id>/thread")
@requires("discussion.view")
def get_claim_thread(claim_id):
    return discussion(claim_id=claim_id)


@bp.post("/claims/<int:claim_id>/thread")
@requires("discussion.post")
def post_claim_comment(claim_id):
    return posted(claim_id=claim_id)


@bp.get("/articles/<int:article_id>/thread")
@requires("discussion.view")
def get_article_thread(article_id):
    return discussion(article_id=article_id)


@bp.post("/articles/<int:article_id>/thread")
@requires("discussion.post")
def post_article_comment(article_id):
    return posted(article_id=article_id)


@bp.patch("/comments/<int:comment_id>")
@requires("discussion.post")
def edit_comment(comment_id):
    form, _ = json_form(CommentForm)
    comment = threads.edit_comment(current_user, comment_id, form.body.data)
    return json_data(comment_json(comment, comment.created_at + threads.edit_window()))


@bp.post("/threads/<int:thread_id>/<any(resolve, reopen):move>")
@requires("discussion.post")
def resolve_thread(thread_id, move):
    thread = threads.set_resolved(current_user, thread_id, move == "resolve")
    return discussion(claim_id=thread.claim_id, article_id=thread.article_id)


@bp.get("/users/mentionable")
@requires("discussion.view")
def mentionable_users():
    form = validated(MentionForm(formdata=request.args))
    return json_data([user_json(u) for u in threads.list_mentionable(form.prefix.data or "")])
