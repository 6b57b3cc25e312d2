"""Column types shared by the models, and the one way a time is written out."""
from datetime import date, datetime, timezone

from sqlalchemy import DateTime, TypeDecorator


def utcnow():
    """Return the current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def iso_time(value, timespec=None):
    """Write a date as YYYY-MM-DD and a datetime as ISO 8601 in UTC with Z (a naive one is the
    UTC the database stores); any other value (None too) stays as it is. timespec as
    datetime.isoformat ("seconds"). The one way a time is written: JSON, exports, history."""
    if value is None or not isinstance(value, datetime):
        return value.isoformat() if isinstance(value, date) else value
    aware = value.tzinfo is not None
    if aware and value.utcoffset():
        value = value.astimezone(timezone.utc)
    # isoformat() without arguments where it can: the native export writes hundreds of thousands
    text = value.isoformat() if timespec is None else value.isoformat("T", timespec)
    return (text[:-6] if aware else text) + "Z"  # an aware time ends "+00:00"


class UTCDateTime(TypeDecorator):
    """Store naive UTC on every backend; hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)
