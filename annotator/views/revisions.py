"""Revision pages: revise an article's text, list its revisions, compare any two, tidy orphans."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from annotator.extensions import db
from annotator.forms import CompareForm, RevisionForm, VersionForm
from annotator.services import articles, revisions
from annotator.services.claims import get_claim
from annotator.services.errors import InvalidInput, NotFound
from annotator.text.diff import change_counts, diff_segments
from annotator.views.helpers import requires, show_errors, validated

bp = Blueprint("revisions", __name__)


@bp.route("/articles/<int:article_id>/revise", methods=["GET", "POST"])
@requires("article.revise")
def revise(article_id):
    article = articles.get_article(article_id)
    form = RevisionForm(data={"version": article.version})
    if form.validate_on_submit():
        try:
            result = _revise(article, form)
        except InvalidInput as invalid:
            db.session.rollback()
            show_errors(form, invalid, form.text)
        else:
            db.session.commit()
            flash(summary(result), "warning" if result.orphaned_ids else "success")
            return redirect(url_for("articles.show", article_id=article_id))
    return render_template("revisions/revise.html", article=article, form=form), 422 if form.errors else 200


def _revise(article, form):
    text, source_format = form.text.data or "", form.source_format.data
    if form.file.data:
        text, source_format = articles.read_upload(form.file.data.filename, form.file.data.read())
    return revisions.revise_article(current_user, article, text, form.note.data or "", source_format,
                                    current_app.config["ARTICLE_MAX_CHARS"], form.version.data)


def summary(result):
    """Say in a sentence what a revision did to the claims."""
    carried = sum(n for method, n in result.methods.items() if method != "orphaned")
    message = f"Revision {result.revision.number} saved: {carried} claim(s) carried over"
    if result.orphaned_ids:
        return message + f", {len(result.orphaned_ids)} orphaned. Re-attach or delete them below."
    return message + "."


@bp.get("/articles/<int:article_id>/revisions")
@requires("article.history")
def index(article_id):
    article = articles.get_article(article_id)
    return render_template("revisions/index.html", article=article,
                           revisions=revisions.list_revisions(article_id))


@bp.get("/articles/<int:article_id>/revisions/compare")
@requires("article.history")
def compare(article_id):
    article = articles.get_article(article_id)
    form = validated(CompareForm(formdata=request.args))
    old, new = revisions.get_revision_pair(article, form.old.data, form.new.data)
    segments = diff_segments(old.text, new.text)
    return render_template("revisions/compare.html", article=article, old=old, new=new, segments=segments,
                           counts=change_counts(segments), numbers=range(article.revision_number, 0, -1))


@bp.post("/articles/<int:article_id>/orphans/<int:claim_id>/delete")
@requires("claim.delete")
def delete_orphan(article_id, claim_id):
    article, claim = articles.get_article(article_id), get_claim(claim_id)
    if claim.article_id != article.id:
        raise NotFound("This article has no such claim.")
    revisions.delete_orphan(current_user, claim, article, validated(VersionForm()).version.data)
    db.session.commit()
    flash("The orphaned claim is deleted; its history is kept.", "success")
    return redirect(url_for("articles.show", article_id=article_id))
