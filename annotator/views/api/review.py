"""API: review moves, sign-off, reopen, and the history of claims and articles."""
from flask import current_app, request
from flask_login import current_user

from annotator.forms.review import ReopenForm, RequestChangesForm, ReviewForm, SelfReviewForm
from annotator.serializers import article_json, claim_json, event_json, sign_off_json
from annotator.services import articles, claims, review, signoff
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_body, json_data, requires, validated


def review_form(form_class):
    """Validate the JSON body with form_class; an empty body counts as an empty object."""
    payload = json_body() if request.content_length or request.is_json else {}
    return validated(form_class(formdata=formdata_from_json(payload)))


def self_review_allowed():
    """Tell whether this instance allows self-review: the admin's setting, else the config."""
    return review.self_review_allowed(current_app.config["ALLOW_SELF_REVIEW"])


def claim_done(claim_id):
    return json_data(claim_json(claims.get_claim(claim_id)))


def article_done(article_id):
    data = article_json(articles.get_article(article_id))
    record = signoff.get_current_sign_off(article_id)
    data["sign_off"] = sign_off_json(record) if record else None
    return json_data(data)


@bp.post("/claims/<int:claim_id>/submit")
@requires("claim.submit")
def submit_claim(claim_id):
    form = review_form(ReviewForm)
    review.submit_claim(current_user, claim_id, form.version.data, self_review_allowed())
    return claim_done(claim_id)


@bp.post("/claims/<int:claim_id>/approve")
@requires("claim.approve")
def approve_claim(claim_id):
    form = review_form(ReviewForm)
    review.approve_claim(current_user, claim_id, self_review_allowed(), form.version.data)
    return claim_done(claim_id)


@bp.post("/claims/<int:claim_id>/request-changes")
@requires("claim.request_changes")
def request_changes(claim_id):
    form = review_form(RequestChangesForm)
    review.request_changes(current_user, claim_id, form.comment.data, form.version.data)
    return claim_done(claim_id)


@bp.post("/articles/<int:article_id>/submit")
@requires("article.submit")
def submit_article(article_id):
    form = review_form(ReviewForm)
    review.submit_article(current_user, article_id, form.version.data)
    return article_done(article_id)


@bp.post("/articles/<int:article_id>/withdraw")
@requires("article.withdraw")
def withdraw_article(article_id):
    form = review_form(ReviewForm)
    review.withdraw_article(current_user, article_id, form.version.data)
    return article_done(article_id)


@bp.post("/articles/<int:article_id>/sign-off")
@requires("article.sign_off")
def sign_off(article_id):
    form = review_form(ReviewForm)
    signoff.sign_off(current_user, article_id, self_review_allowed(), form.version.data)
    return article_done(article_id)


@bp.post("/articles/<int:article_id>/reopen")
@requires("article.reopen")
def reopen(article_id):
    form = review_form(ReopenForm)
    signoff.reopen(current_user, article_id, form.reason.data, form.version.data)
    return article_done(article_id)


@bp.get("/claims/<int:claim_id>/history")
@requires("article.history")
def claim_history(claim_id):
    claims.get_claim(claim_id)
    return json_data([event_json(e) for e in review.list_claim_history(claim_id)])


@bp.get("/articles/<int:article_id>/activity")
@requires("article.history")
def article_activity(article_id):
    articles.get_article(article_id)
    limit = request.args.get("limit", 50, type=int)
    return json_data([event_json(e) for e in review.list_article_activity(article_id, max(1, min(limit, 500)))])


@bp.get("/articles/<int:article_id>/sign-offs")
@requires("article.history")
def list_sign_offs(article_id):
    articles.get_article(article_id)
    return json_data([sign_off_json(s) for s in signoff.list_sign_offs(article_id)])


@bp.get("/review/queue")
@requires("review.queue")
def review_queue():
    return json_data([article_json(a, counts) for a, counts in review.list_review_queue()])


@bp.get("/review/settings")
@requires("settings.view")
def review_settings():
    return json_data({"allow_self_review": self_review_allowed()})


@bp.put("/review/settings")
@requires("settings.edit")
def update_review_settings():
    form = review_form(SelfReviewForm)
    review.set_self_review(current_user, form.allowed.data, current_app.config["ALLOW_SELF_REVIEW"])
    return json_data({"allow_self_review": self_review_allowed()})
