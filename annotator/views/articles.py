"""Article pages: the list, the import form, the article itself and the demo."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.forms import ArticleForm
from annotator.presenters import article_page
from annotator.services import articles, demo, detector, suggestions
from annotator.services.errors import InvalidInput
from annotator.services.verdicts import list_verdicts
from annotator.views.helpers import require_annotator

bp = Blueprint("articles", __name__)


@bp.before_request
@login_required
def check_signed_in():
    return None


@bp.get("/")
def index():
    return render_template("articles/index.html", rows=articles.list_articles())


@bp.route("/articles/new", methods=["GET", "POST"])
def new():
    require_annotator()
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            article = _import(form)
        except InvalidInput as invalid:
            db.session.rollback()
            for name, messages in invalid.fields.items():
                getattr(form, name, form.text).errors = list(messages)
        else:
            db.session.commit()
            flash(f"Imported “{article.title}”.", "success")
            return redirect(url_for("articles.show", article_id=article.id))
    return render_template("articles/new.html", form=form), 422 if form.errors else 200


def _import(form):
    text, source_format = form.text.data or "", form.source_format.data
    if form.file.data:
        text, source_format = articles.read_upload(form.file.data.filename, form.file.data.read())
    metadata = {name: getattr(form, name).data or "" for name in ("title", "byline", "outlet", "url")}
    metadata["language"] = form.language.data or "en"
    config = current_app.config
    return suggestions.import_and_suggest(current_user, text, source_format, config["ARTICLE_MAX_CHARS"],
                                          published_on=form.published_on.data,
                                          **metadata)


@bp.get("/articles/<int:article_id>")
def show(article_id):
    article, sources = articles.get_article_claims_and_sources(article_id)
    return render_template("articles/show.html", page=article_page(article, list_verdicts(include_inactive=True), sources),
                           suggestion_threshold=suggestions.current_threshold,  # read only where the box is shown
                           language_note=lambda: detector.language_note(article))


@bp.post("/demo")
def load_demo():
    require_annotator()
    article = demo.load_demo(current_user)
    db.session.commit()
    flash("The demo article is loaded. Its people and places are invented.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
