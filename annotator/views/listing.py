"""The article list's query string, read through one form for the page and the API alike."""
from annotator.forms.listing import ArticleListForm
from annotator.services import article_list
from annotator.services.assignments import list_assignable_users
from annotator.views.helpers import validated

SPECIAL_ASSIGNEES = (("", "Anyone"), ("me", "Me"), ("none", "Nobody"))


def read_article_query(args, user, per_page=article_list.PER_PAGE):
    """Return (form, ArticleQuery) for these query-string args; raise InvalidInput when one is bad."""
    form = ArticleListForm(formdata=args)
    ids = set_assignee_choices(form.assignee)
    form.outlet.choices = [("", "Any outlet"), *((o, o) for o in article_list.list_outlets())]
    validated(form)
    return form, _query(form, user, ids, per_page)


def set_assignee_choices(field):
    """Offer anyone, me, nobody and the active accounts; return {username: id} to read the choice."""
    people = list_assignable_users()
    field.choices = [*SPECIAL_ASSIGNEES, *((u.username, u.display_name) for u in people)]
    return {u.username: u.id for u in people}


def chosen_assignee(field, user, ids):
    """Return (assignee id or None, whether "nobody" was chosen) for a validated assignee field."""
    assignee = field.data or ""
    return (user.id if assignee == "me" else ids.get(assignee)), assignee == "none"


def _query(form, user, ids, per_page):
    assignee_id, unassigned = chosen_assignee(form.assignee, user, ids)
    return article_list.ArticleQuery(
        text=(form.q.data or "").strip(), state=form.state.data or "", due=form.due.data or "",
        outlet=form.outlet.data or "", sort=form.sort.data or "newest", page=form.page.data or 1,
        per_page=form.per_page.data or per_page, unassigned=unassigned, assignee_id=assignee_id,
    )
