"""The search page; the API's search (views/api/search.py) shares its reading of the query string."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from annotator.forms.search import SearchForm
from annotator.services import search
from annotator.services.errors import InvalidInput
from annotator.services.verdicts import list_verdicts
from annotator.views.helpers import requires, show_errors, validated
from annotator.views.listing import chosen_assignee, set_assignee_choices

bp = Blueprint("search", __name__)


def search_form():
    """Return the SearchForm of the query string, with the kinds, the verdict scale and the
    people to choose from (form.assignee_ids reads the assignee chosen)."""
    form = SearchForm(formdata=request.args)
    form.assignee_ids = set_assignee_choices(form.assignee)
    form.kind.choices = [SelectChoice(k.name, k.label) for k in search.KINDS.values()]
    form.verdict.choices = [SelectChoice("", "Any"), SelectChoice("unrated", "Unrated")] + [
        SelectChoice(v.key, v.label) for v in list_verdicts(include_inactive=True)]
    return form


def run_search(form):
    """Validate form and search; raise InvalidInput naming the fields to fix."""
    validated(form)
    assignee_id, unassigned = chosen_assignee(form.assignee, current_user, form.assignee_ids)
    filters = search.SearchFilters(
        kinds=tuple(form.kind.data or ()), verdict=form.verdict.data or None,
        claimant=(form.claimant.data or "").strip(), review_state=form.review_state.data or None,
        outlet=(form.outlet.data or "").strip(), published_from=form.published_from.data,
        published_until=form.published_until.data, assignee_id=assignee_id, unassigned=unassigned,
    )
    return search.search(form.q.data, filters, page=form.page.data or 1, per_page=search.PER_PAGE)


def hit_link(hit):
    """The article page, with the claim open when the hit belongs to one (a comment's thread
    opens with its claim); a comment on the article itself goes to the article's discussion."""
    anchor = f"claim-{hit.claim_id}" if hit.claim_id else "discussion" if hit.kind == "comment" else None
    return url_for("articles.show", article_id=hit.article_id, _anchor=anchor)


def page_link(page_number):
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page_number)]
    return url_for("search.index", **args)


@bp.get("/search")
@requires("search")
def index():
    form, results = search_form(), None
    if "q" in request.args:
        try:
            results = run_search(form)
        except InvalidInput as invalid:
            show_errors(form, invalid, form.q)
    status = 422 if form.errors else 200
    verdict_labels = {choice.value: choice.label for choice in form.verdict.choices}
    return render_template("search/index.html", form=form, results=results, hit_link=hit_link,
                           page_link=page_link, verdict_labels=verdict_labels), status
