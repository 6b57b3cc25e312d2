"""Administration: accounts and roles."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from annotator.extensions import db
from annotator.forms import EditUserForm, NewUserForm
from annotator.services import accounts
from annotator.views.helpers import require_admin, validated

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def check_admin():
    require_admin()


@bp.get("/users")
def users():
    return render_template("admin/users.html", users=accounts.list_users(), form=NewUserForm())


@bp.post("/users")
def create_user():
    form = NewUserForm()
    if not form.validate():
        return render_template("admin/users.html", users=accounts.list_users(), form=form), 422
    accounts.create_user(form.username.data, form.password.data, form.role.data,
                         form.display_name.data, actor=current_user)
    db.session.commit()
    flash(f"Account {form.username.data} created.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>")
def update_user(user_id):
    user = accounts.get_user(user_id)
    form = validated(EditUserForm())
    accounts.update_user(current_user, user, form.role.data, form.active.data)
    db.session.commit()
    flash(f"Account {user.username} updated.", "success")
    return redirect(url_for("admin.users"))
