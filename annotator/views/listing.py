"""The article list's query string, read through one form for the page and the API alike."""
from annotator.forms.listing import ArticleListForm
from annotator.services import article_list
from annotator.services.assignments import list_assignable_users
from annotator.views.helpers import validated

SPECIAL_ASSIGNEES = (("", "Anyone"), ("me", "Me"), ("none", "Nobody"))


def read_article_query(args, user, per_page=article_list.PER_PAGE):
    """Return (form, ArticleQuery) for these query-string args; raise InvalidInput when one is bad."""
    people = list_assignable_users()
    form = ArticleListForm(formdata=args)
    form.assignee.choices = [*SPECIAL_ASSIGNEES, *((u.username, u.display_name) for u in people)]
    form.outlet.choices = [("", "Any outlet"), *((o, o) for o in article_list.list_outlets())]
    validated(form)
    return form, _query(form, user, {u.username: u.id for u in people}, per_page)


def _query(form, user, ids, per_page):
    assignee = form.assignee.data or ""
    return article_list.ArticleQuery(
        text=(form.q.data or "").strip(), state=form.state.data or "", due=form.due.data or "",
        outlet=form.outlet.data or "", sort=form.sort.data or "newest", page=form.page.data or 1,
        per_page=form.per_page.data or per_page, unassigned=assignee == "none",
        assignee_id=user.id if assignee == "me" else ids.get(assignee),
    )
