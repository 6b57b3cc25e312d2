"""Forms of claimant records (pages and API alike); the service checks the values again."""
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from annotator.forms.base import Form, storable_text
from annotator.limits import CLAIMANT_ALIASES, CLAIMANT_QUERY_CHARS, MAX_INT
from annotator.models.claimant import DESCRIPTION_CHARS, NAME_CHARS

Q_NUMBER = Regexp(r"^\s*[Qq][1-9][0-9]{0,18}\s*$",
                  message="A Wikidata id is Q and a number, like Q42 (from the item's address).")


class ClaimantForm(Form):
    name = StringField("Name", validators=[DataRequired(message="Give the claimant's name."), storable_text,
                                           Length(max=NAME_CHARS)])
    # One alias a line: other spellings, a surname alone, a role ("the foreign minister").
    aliases = TextAreaField("Other names, one a line", validators=[
        Optional(), storable_text, Length(max=(NAME_CHARS + 1) * CLAIMANT_ALIASES)])
    description = StringField("Short description", validators=[Optional(), storable_text, Length(max=DESCRIPTION_CHARS)])
    kind = SelectField("A person or an organization", choices=[SelectChoice("person", "A person"), SelectChoice("organization", "An organization")],
                       default="person")
    wikidata_id = StringField("Wikidata id", validators=[Optional(), Length(max=20), Q_NUMBER])

    def fields(self):
        """Return the record's fields as the service takes them."""
        return {"name": self.name.data, "aliases": (self.aliases.data or "").splitlines(),
                "description": self.description.data or "", "kind": self.kind.data, "wikidata_id": self.wikidata_id.data or None}


class EditClaimantForm(ClaimantForm):
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1, max=MAX_INT)])


class MergeClaimantForm(Form):
    into = IntegerField("Merge into (claimant number)", validators=[
        InputRequired(message="Choose the claimant to keep."), NumberRange(min=1, max=MAX_INT)])
    version = IntegerField("Version", validators=[InputRequired(), NumberRange(min=1, max=MAX_INT)])


class CompleteForm(Form):
    q = StringField("Claimant", validators=[Optional(), storable_text, Length(max=CLAIMANT_QUERY_CHARS)])


