"""Instance settings an administrator changes at run time; the configured default until then."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from annotator import permissions
from annotator.extensions import db
from annotator.models import Setting
from annotator.services.errors import Conflict
from annotator.services.history import record_event


def get_setting(key, default):
    """Return the stored value of a setting, else default."""
    setting = db.session.get(Setting, key)
    return setting.value if setting is not None and setting.value is not None else default


def get_settings(defaults):
    """Return {key: stored value, else its default} for the keys of defaults, in one query."""
    stored = dict(db.session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(list(defaults)))).all())
    return {key: default if stored.get(key) is None else stored[key] for key, default in defaults.items()}


def set_setting(actor, key, value, default):
    """Store a setting (admins only), recording an event when its value changes."""
    permissions.check(actor, "settings.edit")
    old = get_setting(key, default)
    try:
        with db.session.begin_nested():  # two admins creating the row at once: the second gets a Conflict
            setting = db.session.get(Setting, key) or Setting(key=key)
            setting.value = value
            db.session.add(setting)
    except IntegrityError:
        raise Conflict("Another administrator changed this setting at the same moment. Reload and try again.") from None
    if old != value:
        record_event(actor, "setting", "update", field=key, old=old, new=value)
    db.session.flush()
    return setting
