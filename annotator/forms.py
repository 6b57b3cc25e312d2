"""Forms, one per intent; the same classes validate HTML posts and API JSON."""
import math
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, FloatField, IntegerField, PasswordField, SelectField, StringField
from wtforms import SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, EqualTo, InputRequired, Length, NumberRange
from wtforms.validators import Optional, Regexp, ValidationError

from annotator.models import ARTICLE_STATES, PRIORITIES, ROLES
from annotator.services.accounts import USERNAME_PATTERN
from annotator.services.passwords import MAX_LENGTH as MAX_PASSWORD
from annotator.text.normalize import strip_invisible

ARTICLE_FILE_TYPES = ("txt", "md", "html", "htm")
ROLE_CHOICES = [SelectChoice(role, role.title()) for role in ROLES]
MAX_TEXT_FIELD = 20_000
MAX_INT = 2**31 - 1  # the largest value an integer column holds


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


def username_shape(form, field):
    """Accept a username only when it matches whole ("name\n" does not)."""
    if field.data and not USERNAME_PATTERN.fullmatch(field.data):
        raise ValidationError("Use 2 to 64 letters, digits, '.', '_' or '-' only.")


def http_url(form, field):
    """Accept only http and https addresses."""
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Use an http:// or https:// address.")


def new_password_fields(label="Password"):
    """A new password and its repetition; the accounts service applies the password policy."""
    return (
        PasswordField(label, validators=[DataRequired(), Length(max=MAX_PASSWORD), storable_text]),
        PasswordField("Repeat password", validators=[
            DataRequired(), EqualTo("password", message="The passwords differ."), storable_text,
        ]),
    )


class LoginForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(max=64), storable_text])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD), storable_text])


class AccountForm(Form):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=64), username_shape])
    display_name = StringField("Display name", validators=[Optional(), Length(max=120), storable_text])
    password, confirm = new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password", validators=[
        DataRequired(), Length(max=MAX_PASSWORD), storable_text,
    ])
    password, confirm = new_password_fields("New password")


class ResetPasswordForm(Form):
    password, confirm = new_password_fields("New password")


class NewUserForm(AccountForm):
    role = SelectField("Role", choices=ROLE_CHOICES, default="annotator")


class EditUserForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active")


class TokenForm(Form):
    name = StringField("Token name", validators=[DataRequired(), Length(max=80), storable_text])


class ArticleForm(Form):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    url = StringField("Original URL", validators=[
        Optional(), Length(max=2000), URL(require_tld=False, message="Enter a full address."), http_url,
    ])
    published_on = DateField("Publication date", validators=[Optional()])
    language = StringField("Language", default="en", validators=[
        Optional(), Length(max=16), Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", message="Use a code such as en or pt-BR."),
    ])
    text = TextAreaField("Text", validators=[Optional()])
    source_format = SelectField("The pasted text is", default="text", choices=[
        SelectChoice("text", "Plain text"), SelectChoice("markdown", "Markdown"), SelectChoice("html", "HTML"),
    ])
    file = FileField("Or upload a file", validators=[
        FileAllowed(ARTICLE_FILE_TYPES, "Upload a .txt, .md or .html file."),
    ])

    def validate_text(self, field):
        pasted = bool((field.data or "").strip())
        if not pasted and not self.file.data:
            raise ValidationError("Paste the article's text or upload a file.")
        if pasted and self.file.data:
            # Importing one and dropping the other would lose work without a word.
            raise ValidationError("You pasted text and chose a file: import one of them. Empty the text box to "
                                  "import the file, or choose no file to import the text.")


class ArticleImportForm(ArticleForm):
    """The import page: the title may be left out, and is then taken from the headline or file name."""
    title = StringField("Title", validators=[Optional(), Length(max=300)],
                        description="Leave it empty to use the first line (the headline) or the file's name.")


class ClaimForm(Form):
    start = IntegerField("Start", validators=[InputRequired(), NumberRange(min=0)])
    end = IntegerField("End", validators=[InputRequired(), NumberRange(min=1)])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300)])
    verdict = StringField("Verdict", validators=[Optional(), Length(max=40)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=MAX_TEXT_FIELD)])

    def validate_end(self, field):
        if self.start.data is not None and field.data is not None and field.data <= self.start.data:
            raise ValidationError("The end must come after the start.")


class ClaimUpdateForm(Form):
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])
    start = IntegerField("Start", validators=[Optional(), NumberRange(min=0)])
    end = IntegerField("End", validators=[Optional(), NumberRange(min=1)])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300)])
    verdict = StringField("Verdict", validators=[Optional(), Length(max=40)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=MAX_TEXT_FIELD)])


class VersionForm(Form):
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])


# --- review and sign-off ---
MAX_REVIEW_TEXT = 2000


class ReviewForm(Form):
    """A review move; version (optional) is the claim's or article's version the reviewer saw."""
    version = IntegerField("Version", validators=[Optional(), NumberRange(min=1)])


class RequestChangesForm(ReviewForm):
    comment = TextAreaField("What should change", validators=[
        DataRequired(message="Say what should change."), Length(max=MAX_REVIEW_TEXT),
    ])


class ReopenForm(ReviewForm):
    reason = TextAreaField("Why reopen", validators=[
        DataRequired(message="Say why the article is reopened."), Length(max=MAX_REVIEW_TEXT),
    ])


class SelfReviewForm(Form):
    allowed = BooleanField("Allow self-review (one-person newsrooms)")


# --- sources (the annotation workspace) ---
def web_address(label, required=False):
    """An http(s) URL field; required or optional."""
    first = DataRequired(message=f"Give the {label.lower()}.") if required else Optional()
    return StringField(label, validators=[
        first, Length(max=2000), URL(require_tld=False, message="Enter a full address."), http_url,
    ])


class PublisherForm(Form):
    """The organisation ClaimReview names as the publisher of its reviews."""
    name = StringField("Name", validators=[DataRequired("Give the organisation's name."), Length(max=200)])
    url = web_address("Web address", required=True)


class SourceForm(Form):
    url = web_address("Source URL", required=True)
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=300)])
    published_on = DateField("Date", validators=[Optional()])
    passage = TextAreaField("Passage quoted", validators=[Optional(), Length(max=MAX_TEXT_FIELD)])
    relation = SelectField("Bearing on the claim", default="supports", choices=[
        SelectChoice("supports", "Supports"), SelectChoice("refutes", "Refutes"),
        SelectChoice("context", "Context"),
    ])
    archive_url = web_address("Archived copy URL")


class SourceUpdateForm(SourceForm):
    """A change to some fields of a source; version is the claim's version the editor saw."""
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1)])
    url = web_address("Source URL")


# --- exports and imports ---
class ExportFilterForm(Form):
    """Which articles a multi-article export holds; read from the query string."""
    state = SelectMultipleField("Article state", validators=[Optional()],
                                choices=[SelectChoice(s, s.replace("_", " ")) for s in ARTICLE_STATES])
    signed_off = BooleanField("Signed-off articles only")
    since = DateField("With activity from", validators=[Optional()])
    until = DateField("With activity until (inclusive)", validators=[Optional()])

    def validate_until(self, field):
        if field.data and field.data >= date.max:
            raise ValidationError("Choose an earlier end date.")
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date comes before the start date.")


class ImportForm(Form):
    file = FileField("Export file (claim-annotator/1, .json or .jsonl)", validators=[
        FileAllowed(("json", "jsonl", "ndjson"), "Upload a .json or .jsonl export."),
    ])

    def validate_file(self, field):
        if not field.data:
            raise ValidationError("Choose a file to import.")


# --- revisions ---
class RevisionForm(Form):
    """New copy for an article, pasted or uploaded; version is the article's version the editor saw."""
    text = TextAreaField("New text")  # no Optional(): it would skip validate_text
    source_format = SelectField("The pasted text is", default="text", choices=[
        SelectChoice("text", "Plain text"), SelectChoice("markdown", "Markdown"), SelectChoice("html", "HTML"),
    ])
    file = FileField("Or upload a file", validators=[
        FileAllowed(ARTICLE_FILE_TYPES, "Upload a .txt, .md or .html file."),
    ])
    note = StringField("What changed", validators=[Optional(), Length(max=500)])
    version = IntegerField("Version", validators=[Optional(), NumberRange(min=1)])

    def validate_text(self, field):
        edited = bool((field.data or "").strip())
        if not edited and not self.file.data:
            raise ValidationError("Paste the new text or upload a file.")
        if edited and self.file.data:  # taking the file would drop the edit without a word
            raise ValidationError("You edited the text and chose a file: save one of them. Empty the text box to "
                                  "upload the file, or choose no file to save the text.")


class ReattachForm(VersionForm):
    """A new span for an orphaned claim, in code points of the current text."""
    start = IntegerField("Start", validators=[InputRequired(), NumberRange(min=0)])
    end = IntegerField("End", validators=[InputRequired(), NumberRange(min=1)])
    validate_end = ClaimForm.validate_end


class CompareForm(Form):
    """Two revision numbers to compare, from the query string."""
    old = IntegerField("From revision", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
    new = IntegerField("To revision", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])


# --- claim suggestions ---
def score_field(label, required=False, **kwargs):
    """A detector score between 0 and 1, optional unless required."""
    first = InputRequired(message=f"Give the {label.lower()}, between 0 and 1.") if required else Optional()
    return FloatField(label, validators=[first, NumberRange(min=0, max=1), _not_nan], **kwargs)


def _not_nan(form, field):
    """Refuse NaN, which NumberRange lets through (it compares false with every bound)."""
    if field.data is not None and math.isnan(field.data):
        raise ValidationError("Give a number between 0 and 1.")


class SuggestForm(Form):
    threshold = score_field("Lowest score to suggest")


class SuggestionSettingsForm(Form):
    threshold = score_field("Lowest score to suggest", required=True)


class DecideSuggestionsForm(Form):
    decision = SelectField("Decision", choices=[SelectChoice("accept", "Accept"), SelectChoice("dismiss", "Dismiss")])
    min_score = score_field("Score at least", default=0.0)


# --- the verdict scale ---
class VerdictForm(Form):
    label = StringField("Label", validators=[DataRequired(), Length(max=80)])
    rating = IntegerField("ClaimReview rating (1 worst, 5 best; empty for none)",
                          validators=[Optional(), NumberRange(min=1, max=5)])
    position = IntegerField("Position", validators=[Optional(), NumberRange(min=0, max=999)])
    active = BooleanField("Can be chosen")


class NewVerdictForm(VerdictForm):
    key = StringField("Key", validators=[
        DataRequired(), Length(min=2, max=40),
        Regexp(r"^[a-z][a-z0-9_]*$", message="Use lower-case letters, digits and _ (e.g. half_true)."),
    ])


# --- assignments and the article list ---
PRIORITY_CHOICES = [SelectChoice(p, p.title()) for p in PRIORITIES]
ARTICLE_SORTS = [
    SelectChoice("newest", "Newest first"), SelectChoice("oldest", "Oldest first"),
    SelectChoice("title", "Title"), SelectChoice("due", "Due date"), SelectChoice("priority", "Priority"),
    SelectChoice("updated", "Last changed"),
]
DUE_CHOICES = [SelectChoice("", "Any time"), SelectChoice("overdue", "Overdue"),
               SelectChoice("soon", "Due in the next 7 days"), SelectChoice("none", "No due date")]
USERNAME_MAX = 64


def one_of(values, what):
    """Refuse a value outside values, saying which ones are allowed."""
    def check(form, field):
        if field.data not in values:
            raise ValidationError(f"Unknown {what} {field.data!r}; use {', '.join(v for v in values if v)}.")
    return check


def plain_digits(form, field):
    """Accept only ASCII digits: int() would also take '٣' and '²' may slip past a browser."""
    raw = (field.raw_data or [""])[0]
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise ValidationError("Give a page number such as 2.")


class AssignmentForm(Form):
    """Who annotates and who reviews an article; usernames, checked by the assignments service."""
    annotators = SelectMultipleField("Annotators", validate_choice=False, validators=[
        DataRequired(message="Choose at least one annotator.")])
    reviewer = SelectField("Reviewer", validate_choice=False, validators=[Optional(), Length(max=USERNAME_MAX)])
    due_on = DateField("Due date", validators=[Optional()])
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default="normal", validate_choice=False,
                           validators=[one_of(PRIORITIES, "priority")])

    def validate_annotators(self, field):
        if any(len(name) > USERNAME_MAX for name in field.data or []):
            raise ValidationError(f"A username has at most {USERNAME_MAX} characters.")


class ArticleListForm(Form):
    """The article list's filters, sort and page, read from the query string."""
    q = StringField("Title contains", validators=[Optional(), Length(max=200)])
    state = SelectField("State", default="", validate_choice=False, choices=[SelectChoice("", "Any state")] + [
        SelectChoice(s, s.replace("_", " ").capitalize()) for s in ARTICLE_STATES],
        validators=[one_of(("", *ARTICLE_STATES), "state")])
    assignee = SelectField("Assigned to", default="", validate_choice=False)  # choices: the view's people
    due = SelectField("Due", default="", choices=DUE_CHOICES, validate_choice=False,
                      validators=[one_of([c.value for c in DUE_CHOICES], "due filter")])
    outlet = SelectField("Outlet", default="", validate_choice=False, validators=[Length(max=200)])
    sort = SelectField("Sort by", default="newest", choices=ARTICLE_SORTS, validate_choice=False,
                       validators=[one_of([c.value for c in ARTICLE_SORTS], "sort")])
    page = IntegerField("Page", default=1, validators=[Optional(), plain_digits, NumberRange(min=1, max=MAX_INT)])
    per_page = IntegerField("Per page", validators=[Optional(), plain_digits, NumberRange(min=1, max=200)])

    def validate_assignee(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(f"No active account is named {field.data!r}.")

    def validate_outlet(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(f"No article names the outlet {field.data!r}.")

# --- search ---
from annotator.models import REVIEW_STATES  # noqa: E402  (here, to keep this section apart)

SEARCH_QUERY_MAX = 500


def searchable_text(form, field):
    """Refuse characters no index holds: NUL and other controls, lone surrogates."""
    value = field.data or ""
    if any((ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValidationError("Remove the control characters (or broken characters) from the search.")


class SearchForm(Form):
    """The search box and its filters, read from the query string; the view sets the choices
    of kind (the registered kinds) and verdict (the scale)."""
    q = StringField("Search", validators=[InputRequired(message="Type something to search for."),
                                          Length(max=SEARCH_QUERY_MAX), searchable_text])
    kind = SelectMultipleField("Look in", validators=[Optional()], choices=[])
    verdict = SelectField("Verdict", validators=[Optional()], choices=[])
    claimant = StringField("Claimant", validators=[Optional(), Length(max=300), searchable_text])
    review_state = SelectField("Review state", validators=[Optional()], choices=[SelectChoice("", "Any")] + [
        SelectChoice(s, s.replace("_", " ").capitalize()) for s in REVIEW_STATES])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200), searchable_text])
    published_from = DateField("Published from", validators=[Optional()])
    published_until = DateField("Published until", validators=[Optional()])
    page = IntegerField("Page", default=1, validators=[Optional(), plain_digits, NumberRange(min=1, max=500)])

    def validate_published_until(self, field):
        if field.data and self.published_from.data and field.data < self.published_from.data:
            raise ValidationError("The end date comes before the start date.")


def event_cursor(form, field):
    """Accept only ASCII digits, as an event id is written (no sign, no other numerals)."""
    raw = (field.raw_data or [""])[0]
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 10):
        raise ValidationError("Give an event id such as 120 (0 for the start of the history).")


class ChangesForm(Form):
    """A live poll: the events after this cursor; the claims of events after `seen` (default: the cursor)."""
    after = IntegerField("After event", validators=[InputRequired(), event_cursor, NumberRange(min=0, max=MAX_INT)])
    seen = IntegerField("Seen event", validators=[Optional(), event_cursor, NumberRange(min=0, max=MAX_INT)])


class PresenceForm(Form):
    """A heartbeat: the claim the person has open, or none."""
    claim_id = IntegerField("Claim", validators=[Optional(), NumberRange(min=1, max=MAX_INT)])
