"""Article pages: the list, the import form, the article itself and the demo."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from annotator import transaction
from annotator.forms.articles import ArticleImportForm
from annotator.presenters import article_page_context
from annotator.services import article_list, articles, demo, suggestions
from annotator.services.errors import InvalidInput
from annotator.text.normalize import normalize_text
from annotator.text.storable import replace_unstorable
from annotator.views.helpers import requires, too_much_to_send
from annotator.views.listing import read_article_query

bp = Blueprint("articles", __name__)


@bp.get("/")
@requires("article.list")
def index():
    form, query = read_article_query(request.args, current_user)
    found = article_list.find_articles(query)
    return render_template("articles/index.html", found=found, form=form, query=query,
                           filtered=any(request.args.get(k) for k in ("q", "state", "assignee", "due", "outlet")))


@bp.route("/articles/new", methods=["GET", "POST"])
@requires("article.import")
def new():
    form = ArticleImportForm()
    if form.validate_on_submit():
        try:
            with transaction.savepoint():
                article = _import(form)
        except InvalidInput as invalid:
            for name, messages in invalid.fields.items():
                getattr(form, name, form.text).errors = list(messages)
        else:
            flash(f"Imported “{article.title}”.", "success")
            return redirect(url_for("articles.show", article_id=article.id))
    return render_template("articles/new.html", form=form), 422 if form.errors else 200


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A post too big to read comes back to the import form, not a dead end; the browser keeps
    the text (static/js/importform.js), since the server could not read it."""
    if request.endpoint != "articles.new":
        return error
    form = ArticleImportForm(formdata=None)
    form.text.errors = [too_much_to_send()]
    return render_template("articles/new.html", form=form), 413


def _import(form):
    text, source_format, file_name = form.text.data or "", form.source_format.data, ""
    if form.file.data:
        file_name = form.file.data.filename
        text, source_format = articles.read_upload(file_name, form.file.data.read())
    metadata = {name: getattr(form, name).data or "" for name in ("title", "byline", "outlet", "url")}
    metadata["title"], text = _headline(metadata["title"].strip(), articles.canonical_text(text, source_format),
                                        file_name)
    source_format = "text"  # canonical already
    metadata["language"] = form.language.data or "en"
    return suggestions.import_and_suggest(current_user, text, source_format, published_on=form.published_on.data,
                                          **metadata)


HEADLINE_MAX = 200


def _headline(title, text, file_name):
    """Return (title, text): a missing title is the first line when it reads as a headline, else
    the file's name; a headline repeated as the first line of the text is taken out of it."""
    first, _, rest = text.partition("\n\n")
    # A headline is one short line before the text that does not end as a sentence does.
    is_headline = bool(rest) and "\n" not in first and len(first) <= HEADLINE_MAX and first[-1] not in ".!?;:"
    if not title:
        title = first if is_headline else _name_of(file_name) or first[:80].rstrip() + ("…" if len(first) > 80 else "")
    if is_headline and first.strip() == title:
        text = rest
    return title, text


def _name_of(file_name):
    """Return the file's name as a title: the browser sends it outside the form fields the input
    guard checks, so it is cleaned as text is (NUL, controls, bidi overrides, lone surrogates
    out) and cut to a headline's length."""
    stem = replace_unstorable(normalize_text(file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:HEADLINE_MAX].rstrip()


@bp.get("/articles/<int:article_id>")
@requires("article.view")
def show(article_id):
    return render_template("articles/show.html", **article_page_context(article_id, current_user))


@bp.post("/demo")
@requires("article.demo")
def load_demo():
    article = demo.load_demo(current_user)
    flash("The demo article is loaded. Its people and places are invented.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
