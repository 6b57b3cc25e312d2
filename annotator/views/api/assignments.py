"""API: who annotates and reviews an article, and the signed-in person's work."""
from flask import current_app
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from annotator.forms.assignments import AssignmentForm
from annotator.serializers import assignment_json, work_section_json
from annotator.services import assignments, my_work, review
from annotator.services.articles import get_article
from annotator.services.errors import InvalidInput
from annotator.views.api import bp
from annotator.views.helpers import formdata_from_json, json_body, json_data, requires, validated


@bp.get("/articles/<int:article_id>/assignment")
@requires("assignment.view")
def get_assignment(article_id):
    return json_data(assignment_json(assignments.get_assignment(get_article(article_id).id)))


@bp.put("/articles/<int:article_id>/assignment")
@requires("assignment.manage")
def put_assignment(article_id):
    form = validated(AssignmentForm(formdata=_assignment_formdata(json_body())))
    plan = assignments.assign_article(
        current_user, article_id, form.annotators.data, form.reviewer.data or None, form.due_on.data,
        form.priority.data, allow_self_review=review.self_review_allowed(current_app.config["ALLOW_SELF_REVIEW"]))
    return json_data(assignment_json(plan))


@bp.delete("/articles/<int:article_id>/assignment")
@requires("assignment.manage")
def delete_assignment(article_id):
    assignments.unassign_article(current_user, article_id)
    return json_data(assignment_json(assignments.get_assignment(article_id)))


@bp.get("/my-work")
@requires("work.view")
def get_my_work():
    return json_data([work_section_json(s) for s in my_work.list_my_work(current_user)])


def _assignment_formdata(payload):
    """Form data from {"annotators": [usernames], "reviewer", "due_on", "priority"}."""
    names = payload.pop("annotators", None)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        message = "Give the annotators as a list of usernames."
        raise InvalidInput(message, {"annotators": [message]})
    formdata = formdata_from_json(payload)
    return MultiDict([*formdata.items(multi=True), *(("annotators", n) for n in names)])
