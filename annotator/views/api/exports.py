"""API: exports in every format, the Web Annotation collection and pages, and imports.

Exports answer with the format itself (a file's content, not wrapped in {"data": ...});
imports answer in the API's usual shapes, with every problem keyed by its JSON Pointer.
"""
from flask import current_app, request
from flask_login import current_user

from annotator.serializers import article_json
from annotator.services import imports
from annotator.services.exports import formats, webannotation
from annotator.services.errors import InvalidInput
from annotator.views.api import bp
from annotator.views.exports import download, filters_from_args, json_ld, page_number, publisher
from annotator.views.helpers import json_data, requires


@bp.get("/articles/<int:article_id>/export")
@requires("export")
def export_article(article_id):
    output = formats.export_one(article_id, request.args.get("format", "json"), publisher())
    return download(output, f"article-{article_id}")


@bp.get("/exports")
@requires("export")
def export_articles():
    output = formats.export_many(filters_from_args(), request.args.get("format", "jsonl"), publisher())
    return download(output, "claims" if output.rows else "articles")


@bp.get("/articles/<int:article_id>/annotations")
@requires("export")
def article_annotations(article_id):
    return json_ld(webannotation.annotation_page(article_id, page_number(), publisher()))


@bp.post("/imports")
@requires("export.restore")
def import_articles():
    imported = imports.import_file(current_user, _upload(), max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    return json_data([article_json(a) for a in imported], 201)


def _upload():
    """Return the bytes sent: a multipart `file`, or the body itself (JSON or JSON Lines)."""
    if "file" in request.files:
        return request.files["file"].read()
    data = request.get_data()
    if not data:
        raise InvalidInput("Send the export as the request body or as a multipart field named file.")
    return data
