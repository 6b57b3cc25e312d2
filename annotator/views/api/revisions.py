"""API: an article's revisions, the diff between two, and re-attaching orphaned claims."""
from flask import request
from flask_login import current_user

from annotator.forms.revisions import CompareForm, ReattachForm, RevisionForm
from annotator.serializers import claim_json, revision_json
from annotator.services import articles, revisions
from annotator.text.diff import diff_segments
from annotator.views.api import bp
from annotator.views.helpers import json_data, json_form, requires, validated


@bp.get("/articles/<int:article_id>/revisions")
@requires("article.history")
def list_revisions(article_id):
    articles.get_article(article_id)
    return json_data([revision_json(r) for r in revisions.list_revisions(article_id)])


@bp.get("/articles/<int:article_id>/revisions/<int:number>")
@requires("article.history")
def get_revision(article_id, number):
    return json_data(revision_json(revisions.get_revision(article_id, number), with_text=True))


@bp.post("/articles/<int:article_id>/revisions")
@requires("article.revise")
def create_revision(article_id):
    article = articles.get_article(article_id)
    form, _ = json_form(RevisionForm)
    result = revisions.revise_article(current_user, article, form.text.data, form.note.data or "",
                                      form.source_format.data, form.version.data)
    data = revision_json(result.revision)
    data.update(methods=result.methods, orphaned_claim_ids=result.orphaned_ids, article_version=article.version)
    return json_data(data, 201)


@bp.get("/articles/<int:article_id>/diff")
@requires("article.history")
def diff_revisions(article_id):
    article = articles.get_article(article_id)
    form = validated(CompareForm(formdata=request.args))
    old, new = revisions.get_revision_pair(article, form.old.data, form.new.data)
    return json_data({"old": old.number, "new": new.number,
                      "segments": [{"kind": k, "text": t} for k, t in diff_segments(old.text, new.text)]})


@bp.post("/claims/<int:claim_id>/reattach")
@requires("claim.edit")
def reattach_claim(claim_id):
    form, _ = json_form(ReattachForm)
    claim = revisions.reattach_claim(current_user, claim_id, form.start.data, form.end.data, form.version.data)
    return json_data(claim_json(claim))
