"""API: articles and their claims."""
from flask import request
from flask_login import current_user

from annotator.forms.articles import ArticleForm, ClaimForm, ClaimUpdateForm, VersionForm
from annotator.serializers import article_json, article_row_json, claim_json, user_json, verdict_json
from annotator.services import article_list, articles, claims, suggestions
from annotator.services.verdicts import list_verdicts
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, idempotency_key, json_data, json_form, requires, validated
from annotator.views.listing import read_article_query

CLAIM_FIELDS = {"claimant": "claimant", "verdict": "verdict_key", "notes": "notes", "start": "start", "end": "end"}


@bp.get("/me")
@requires("account.view")
def me():
    return json_data(user_json(current_user))


@bp.get("/verdicts")
@requires("article.list")
def verdicts():
    return json_data([verdict_json(v) for v in list_verdicts()])


@bp.get("/articles")
@requires("article.list")
def list_articles():
    _, query = read_article_query(request.args, current_user)
    found = article_list.find_articles(query)
    response = json_data([article_row_json(row) for row in found.rows])
    response[0].headers["X-Total-Count"] = str(found.total)
    return response


@bp.post("/articles")
@requires("article.import")
def create_article():
    form, _ = json_form(ArticleForm)
    fields = {name: getattr(form, name).data or "" for name in ("title", "byline", "outlet", "url")}
    article = suggestions.import_and_suggest(
        current_user, form.text.data or "", form.source_format.data,
        published_on=form.published_on.data,
        language=form.language.data or "en", **fields,
    )
    return json_data(article_json(article, with_text=True), 201)


@bp.get("/articles/<int:article_id>")
@requires("article.view")
def get_article(article_id):
    article = articles.get_article_with_claims(article_id)
    data = article_json(article, with_text=True)
    data["claims"] = [claim_json(c) for c in article.claims]
    return json_data(data)


@bp.get("/articles/<int:article_id>/claims")
@requires("article.view")
def list_claims(article_id):
    article = articles.get_article_with_claims(article_id)
    return json_data([claim_json(c) for c in article.claims])


@bp.post("/articles/<int:article_id>/claims")
@requires("claim.create")
def create_claim(article_id):
    article = articles.get_article(article_id)
    form, _ = json_form(ClaimForm)
    claim, created = claims.create_claim(
        current_user, article, form.start.data, form.end.data,
        idempotency_key=idempotency_key(),
        claimant=form.claimant.data, verdict_key=form.verdict.data or None, notes=form.notes.data,
    )
    if not created:  # a replay: the claim as it is now, its sources loaded
        return json_data(claim_json(claims.get_claim(claim.id)), 200)
    return json_data(claim_json(claim), 201)  # as written: nothing to read back


@bp.get("/claims/<int:claim_id>")
@requires("article.view")
def get_claim(claim_id):
    return json_data(claim_json(claims.get_claim(claim_id)))


@bp.patch("/claims/<int:claim_id>")
@requires("claim.edit")
def update_claim(claim_id):
    form, sent = json_form(ClaimUpdateForm)
    changes = {CLAIM_FIELDS[k]: form[k].data for k in sent if k in CLAIM_FIELDS}
    if "verdict_key" in changes:
        changes["verdict_key"] = changes["verdict_key"] or None
    claim = claims.update_claim(current_user, claim_id, form.version.data, changes)
    return json_data(claim_json(claim))


@bp.delete("/claims/<int:claim_id>")
@requires("claim.delete")
def delete_claim(claim_id):
    form = validated(VersionForm(formdata=formdata_from_json(request.args.to_dict())))
    claims.delete_claim(current_user, claim_id, form.version.data)
    return json_data({"deleted": claim_id})
