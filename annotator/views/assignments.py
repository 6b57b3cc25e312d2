"""Assignment pages: who annotates and reviews an article, by when (reviewers and admins)."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator import transaction
from annotator.forms.assignments import AssignmentForm
from annotator.services import articles, assignments, review
from annotator.services.errors import InvalidInput
from annotator.views.helpers import requires, show_errors

bp = Blueprint("assignments", __name__)


def self_review_allowed():
    return review.self_review_allowed(current_app.config["ALLOW_SELF_REVIEW"])


def assignment_form(current):
    """Return the form (the posted values, else the current assignment), its choices the active accounts."""
    form = AssignmentForm(data={
        "annotators": [a.username for a in current.annotators],
        "reviewer": current.reviewer.username if current.reviewer else "",
        "due_on": current.due_on, "priority": current.priority,
    })
    people = assignments.list_assignable_users()
    form.annotators.choices = [(u.username, f"{u.display_name} ({u.role})") for u in people]
    form.reviewer.choices = [("", "Nobody yet")] + [(u.username, f"{u.display_name} ({u.role})")
                                                    for u in people if u.can_review()]
    return form


@bp.route("/articles/<int:article_id>/assignment", methods=["GET", "POST"])
@requires("assignment.manage")
def edit(article_id):
    article = articles.get_article(article_id)
    current = assignments.get_assignment(article.id)
    form = assignment_form(current)
    if form.validate_on_submit():
        try:
            with transaction.savepoint():
                assign(form, article)
        except InvalidInput as invalid:
            show_errors(form, invalid, form.annotators)
        else:
            flash(f"“{article.title}” is assigned.", "success")
            return redirect(url_for("articles.show", article_id=article.id))
    return render_template("assignments/edit.html", form=form, article=article, current=current,
                           today=assignments.today_utc()), 422 if form.errors else 200


def assign(form, article):
    return assignments.assign_article(current_user, article.id, form.annotators.data, form.reviewer.data or None,
                                      form.due_on.data, form.priority.data, allow_self_review=self_review_allowed())


@bp.post("/articles/<int:article_id>/assignment/delete")
@requires("assignment.manage")
def delete(article_id):
    article = articles.get_article(article_id)
    assignments.unassign_article(current_user, article.id)
    flash(f"Nobody is assigned to “{article.title}” now.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
