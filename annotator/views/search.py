"""The search page; the API's search (views/api/search.py) shares its reading of the query string."""
from flask import Blueprint, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from annotator.forms.search import SearchForm
from annotator.services import search
from annotator.services.errors import InvalidInput
from annotator.services.verdicts import list_verdicts
from annotator.views.helpers import requires, show_errors, validated

bp = Blueprint("search", __name__)


def search_form():
    """Return the SearchForm of the query string, with the kinds and the verdict scale to choose from."""
    form = SearchForm(formdata=request.args)
    form.kind.choices = [SelectChoice(k.name, k.label) for k in search.KINDS.values()]
    form.verdict.choices = [SelectChoice("", "Any"), SelectChoice("unrated", "Unrated")] + [
        SelectChoice(v.key, v.label) for v in list_verdicts(include_inactive=True)]
    return form


def run_search(form):
    """Validate form and search; raise InvalidInput naming the fields to fix."""
    validated(form)
    filters = search.SearchFilters(
        kinds=tuple(form.kind.data or ()), verdict=form.verdict.data or None,
        claimant=(form.claimant.data or "").strip(), review_state=form.review_state.data or None,
        outlet=(form.outlet.data or "").strip(), published_from=form.published_from.data,
        published_until=form.published_until.data,
    )
    return search.search(form.q.data, filters, page=form.page.data or 1, per_page=search.PER_PAGE)


def hit_link(hit):
    """The article page, with the claim open when the hit belongs to one."""
    anchor = f"claim-{hit.claim_id}" if hit.claim_id else None
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
