"""My work: what the signed-in person should do now; and the count in the navigation."""
from flask import Blueprint, render_template
from flask_login import current_user

from annotator.services import my_work
from annotator.services.assignments import today_utc
from annotator.views.helpers import requires

bp = Blueprint("work", __name__)


@bp.get("/my-work")
@requires("work.view")
def index():
    return render_template("work/index.html", sections=my_work.list_my_work(current_user), today=today_utc())


@bp.app_context_processor
def my_work_count():
    """Give every page a function for the navigation's badge: one statement, only when called."""
    def count():
        return my_work.count_my_work(current_user) if current_user.is_authenticated else 0
    return {"my_work_count": count}
