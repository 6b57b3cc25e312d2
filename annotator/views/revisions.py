"""Revision pages: revise an article's text, list its revisions, compare any two, tidy orphans."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from annotator import transaction
from annotator.forms.articles import VersionForm
from annotator.forms.revisions import CompareForm, RevisionForm
from annotator.services import articles, revisions
from annotator.services.errors import InvalidInput
from annotator.text.diff import change_counts, diff_segments
from annotator.text.words import counted
from annotator.views.helpers import requires, show_errors, too_much_to_send, validated

bp = Blueprint("revisions", __name__)


@bp.route("/articles/<int:article_id>/revise", methods=["GET", "POST"])
@requires("article.revise")
def revise(article_id):
    article = articles.get_article(article_id)
    form = RevisionForm(data={"version": article.version})
    if form.validate_on_submit():
        try:
            with transaction.savepoint():
                result = _revise(article, form)
        except InvalidInput as invalid:
            show_errors(form, invalid, form.text)
        else:
            claims = articles.get_article_with_claims(article_id).claims
            flash(summary(result, claims), "warning" if result.orphaned_ids else "success")
            return redirect(url_for("articles.show", article_id=article_id))
    if request.method == "GET":
        form.text.data = article.text  # the current text, to edit in place rather than paste again
    return render_template("revisions/revise.html", article=article, form=form), 422 if form.errors else 200


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A revision too big to read comes back to its form, not a dead end; the browser keeps the
    edit (static/js/importform.js), since the server could not read it."""
    if request.endpoint != "revisions.revise":
        return error
    article = articles.get_article(request.view_args["article_id"])
    form = RevisionForm(formdata=None, data={"version": article.version})
    form.text.errors = [too_much_to_send()]
    return render_template("revisions/revise.html", article=article, form=form), 413


def _revise(article, form):
    text, source_format = form.text.data or "", form.source_format.data
    if form.file.data:
        text, source_format = articles.read_upload(form.file.data.filename, form.file.data.read())
    return revisions.revise_article(current_user, article, text, form.note.data or "", source_format,
                                    form.version.data)


def summary(result, claims):
    """Say in a sentence what a revision did to the claims, counting them as the article page does:
    accepted claims (dismissed ones and undecided suggestions are not the article's claims)."""
    live = {c.id for c in claims if not c.is_dismissed}
    accepted = {c.id for c in claims if c.id in live and not c.is_suggested}
    orphaned = live.intersection(result.orphaned_ids)  # a suggestion orphaned blocks a sign-off too
    recheck = accepted.intersection(result.recheck_ids)
    message = f"Revision {result.revision.number} saved: {counted(len(accepted - orphaned), 'claim')} carried over"
    if recheck:
        message += f", {len(recheck)} to re-check (the sentence changed)"
    if orphaned:
        return message + f", {len(orphaned)} orphaned. Re-attach or delete them below."
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
    revisions.delete_orphan(current_user, claim_id, validated(VersionForm()).version.data, article_id)
    flash("The orphaned claim is deleted; its history is kept.", "success")
    return redirect(url_for("articles.show", article_id=article_id))
