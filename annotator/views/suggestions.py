"""Pages: suggest again, and accept or dismiss suggestions without the browser code."""
from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from annotator.forms.suggestions import DecideSuggestionsForm, SuggestForm
from annotator.services import articles, suggestions
from annotator.views.helpers import requires, validated

bp = Blueprint("suggestions", __name__, url_prefix="/articles/<int:article_id>")


def back_to(article_id):
    return redirect(url_for("articles.show", article_id=article_id))


@bp.post("/suggestions")
@requires("suggestion.run")
def suggest_again(article_id):
    form = validated(SuggestForm())
    article = articles.get_article(article_id)
    added = suggestions.add_suggestions(current_user, article, form.threshold.data)
    flash(f"{added} new suggestion{'s' if added != 1 else ''}." if added else "No new suggestions.", "info")
    return back_to(article_id)


@bp.post("/suggestions/decide")
@requires("suggestion.decide")
def decide_all(article_id):
    form = validated(DecideSuggestionsForm())
    article = articles.get_article(article_id)
    count = suggestions.decide_suggestions(current_user, article, form.decision.data, form.min_score.data or 0.0)
    flash(f"{form.decision.data.title()}ed {count} suggestion{'s' if count != 1 else ''}.", "success")
    return back_to(article_id)


@bp.post("/claims/<int:claim_id>/<any(accept, dismiss):decision>")
@requires("suggestion.decide")
def decide_one(article_id, claim_id, decision):
    suggestions.decide_suggestion(current_user, claim_id, decision, article_id=article_id)
    flash("Accepted: it is a claim now, to rate in the text." if decision == "accept" else
          "Dismissed. To bring it back: Claims, then the Dismissed filter.", "success")
    return back_to(article_id)
