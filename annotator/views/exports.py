"""Exports and imports for people: the download buttons' routes, the import form, and the
addresses the Web Annotation export names (the article text, its annotations)."""
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, stream_with_context
from flask import url_for
from flask_login import current_user

from annotator import transaction
from annotator.forms.exports import ExportFilterForm, ImportForm
from annotator.services import articles, imports
from annotator.services.errors import InvalidInput, NotFound
from annotator.services.exports import formats, webannotation
from annotator.services.exports.bundles import ExportFilters
from annotator.services.exports.formats import Publisher
from annotator.services.exports.webannotation import MEDIA_TYPE
from annotator.services.publisher import current_publisher, is_placeholder
from annotator.text.storable import replace_unstorable
from annotator.text.words import counted
from annotator.views.helpers import requires, validated

bp = Blueprint("exports", __name__)
bp.add_app_template_global(formats.formats, "export_formats")  # the export menu lists the registry


# --- helpers the API shares ------------------------------------------------------------------

def publisher():
    """Return the instance's public address and publishing organisation."""
    named = current_publisher()
    return Publisher(current_app.config["PUBLIC_URL"] or request.host_url, named["name"], named["url"])


@bp.app_template_global()
def placeholder_publisher(article_id=None):
    """Return the placeholder publisher when ClaimReview (of this article) would name it, else None."""
    named = formats.claimreview_publisher(article_id, current_publisher())
    return named if is_placeholder(named) else None


def filters_from_args():
    """Return the export filters of the query string, validated."""
    form = validated(ExportFilterForm(formdata=request.args))
    return ExportFilters.for_days(form.since.data, form.until.data, states=tuple(form.state.data or ()),
                                  signed_off=form.signed_off.data)


def file_name(base, fmt):
    """Name a download by its format too: Web Annotation and ClaimReview are both .jsonld, and
    Web Annotation many and JSON Lines both .jsonl, so the extension alone would make them clash."""
    return base if fmt in ("json", "jsonl", "csv", "xlsx") else f"{base}-{fmt}"


def download(output, name):
    """Stream an export as a file to save.

    The stream outlives the view: Flask ends the request's context, and with it the database
    session, before the server reads the body. stream_with_context pushes the request's
    context again for the whole stream, so every chunk reads in one session and transaction
    (the server-side cursors of a long export live only as long as their transaction; a
    context per chunk closed them after the first page: "cursor ... does not exist"), as a
    read-only GET. A failure mid-stream propagates to the server, which drops the connection
    without the final chunk: the client sees a broken transfer, never a clean, short 200
    (README, Exports).
    """
    response = Response(stream_with_context(_utf8(output.chunks)), content_type=output.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{output.extension}"'
    return response


def _utf8(chunks):
    """Encode each chunk as UTF-8; a lone surrogate from a row stored before the import checks
    (JSON history values escape one) becomes U+FFFD instead of breaking the stream."""
    for chunk in chunks:
        if isinstance(chunk, bytes):
            yield chunk
            continue
        try:
            yield chunk.encode("utf-8")
        except UnicodeEncodeError:
            yield replace_unstorable(chunk).encode("utf-8")


def json_ld(document):
    """Answer with a Web Annotation JSON-LD document, or 404 when there is none."""
    if document is None:
        raise NotFound("No such page of annotations.")
    return current_app.json.response(document), 200, {"Content-Type": MEDIA_TYPE}


def page_number():
    """Return the ?page= number, None when absent; refuse anything but a small whole number."""
    value = request.args.get("page")
    if value is None:
        return None
    # ASCII only: str.isdigit() also accepts "²", which int() refuses (a 500).
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise InvalidInput("The page must be a whole number.", {"page": ["Give a whole number."]})
    return int(value)


# --- routes ----------------------------------------------------------------------------------

@bp.get("/articles/<int:article_id>/export/<fmt>")
@requires("export")
def download_article(article_id, fmt):
    output = formats.export_one(article_id, fmt, publisher())
    return download(output, file_name(f"article-{article_id}", fmt))


@bp.get("/exports/<fmt>")
@requires("export")
def download_many(fmt):
    output = formats.export_many(filters_from_args(), fmt, publisher())
    return download(output, file_name("claims" if output.rows else "articles", fmt))


@bp.get("/articles/<int:article_id>/text")
@requires("export")
def article_text(article_id):
    text = articles.get_article(article_id).text
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/articles/<int:article_id>/annotations")
@requires("export")
def annotations(article_id):
    return json_ld(webannotation.annotation_page(article_id, page_number(), publisher()))


@bp.get("/claims/<int:claim_id>/annotation")
@requires("export")
def claim_annotation(claim_id):
    return json_ld(webannotation.claim_document(claim_id, publisher()))


@bp.route("/imports/new", methods=["GET", "POST"])
@requires("export.restore")
def new_import():
    form = ImportForm()
    if form.validate_on_submit():
        try:
            with transaction.savepoint():
                imported = _import(form.file.data)
        except InvalidInput as invalid:
            return render_template("exports/import.html", form=form, problems=invalid), 422
        flash(f"Imported {counted(len(imported), 'article')}.", "success")
        target = url_for("articles.show", article_id=imported[0].id) if len(imported) == 1 else url_for("articles.index")
        return redirect(target)
    return render_template("exports/import.html", form=form, problems=None), 422 if form.errors else 200


def _import(upload):
    return imports.import_file(current_user, upload.read(), max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
