"""API: the signed-in person's notifications (the bell)."""
from flask import request
from flask_login import current_user

from annotator.serializers_threads import notification_json
from annotator.services import notifications
from annotator.views.api import bp
from annotator.views.helpers import json_data, requires


@bp.get("/notifications")
@requires("notification.view")
def list_notifications():
    unread = request.args.get("unread", "") in ("1", "true", "yes")
    rows = notifications.list_notifications(current_user, unread_only=unread)
    return json_data({"unread": notifications.count_unread(current_user),
                      "items": [notification_json(r) for r in rows]})


@bp.post("/notifications/<int:notification_id>/read")
@requires("notification.view")
def read_notification(notification_id):
    notifications.mark_read(current_user, notification_id)
    return json_data({"unread": notifications.count_unread(current_user)})


@bp.post("/notifications/read-all")
@requires("notification.view")
def read_all_notifications():
    marked = notifications.mark_all_read(current_user)
    return json_data({"marked": marked, "unread": 0})
