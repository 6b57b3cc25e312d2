"""The shared Form and the validators more than one blueprint's forms use."""
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, IntegerField, PasswordField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from annotator.text.normalize import strip_invisible

ARTICLE_FILE_TYPES = ("txt", "md", "html", "htm")


def _without_invisible(value):
    return strip_invisible(value) if isinstance(value, str) else value


def _ascii_numerals(form, field):
    """Refuse numbers and dates written in other digits: int(), float() and strptime take "٣" or
    "３" as 3, so they would otherwise mean a value nobody typed in the usual way."""
    raw = (field.raw_data or [""])[0]
    if isinstance(raw, str) and not raw.isascii():
        raise ValidationError("Use the digits 0-9.")


NUMERAL_FIELDS = (IntegerField, FloatField, DateField)


class Form(FlaskForm):
    class Meta:
        # CSRF is checked once for every request in annotator.security, for forms and API alike.
        csrf = False

        def bind_field(self, form, unbound_field, options):
            # Every typed text field (not a password, which is kept as typed) loses bidi overrides
            # and zero-width spaces, so the page never shows text that differs from the export.
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options["filters"] = (*unbound_field.kwargs.get("filters", ()), _without_invisible)
            if issubclass(field_class, NUMERAL_FIELDS):
                given = unbound_field.kwargs.get("validators") or ()  # every such field here names them
                options["validators"] = (_ascii_numerals, *given)
            return unbound_field.bind(form=form, **options)


def storable_text(form, field):
    """Refuse NUL and lone surrogates: no database text column can hold them (PostgreSQL fails on NUL)."""
    text = field.data
    if isinstance(text, str) and ("\x00" in text or not text.isascii() and _has_surrogate(text)):
        # The form is shown again with this value, and a page cannot carry a lone surrogate either.
        field.data = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        raise ValidationError("Remove the NUL character or the broken Unicode (a lone surrogate) from this field.")


def _has_surrogate(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def http_url(form, field):
    """Accept only http and https addresses."""
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Use an http:// or https:// address.")


def web_address(label, required=False):
    """An http(s) URL field; required or optional."""
    first = DataRequired(message=f"Give the {label.lower()}.") if required else Optional()
    return StringField(label, validators=[
        first, Length(max=2000), URL(require_tld=False, message="Enter a full address."), http_url,
    ])


def one_of(values, what):
    """Refuse a value outside values, saying which ones are allowed."""
    def check(form, field):
        if field.data not in values:
            raise ValidationError(f"Unknown {what} {field.data!r}; use {', '.join(v for v in values if v)}.")
    return check
