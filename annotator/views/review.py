"""Review pages: the queue, the dashboard, a claim's history, and the review forms of the article page."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from annotator import transaction
from annotator.forms.review import ReopenForm, RequestChangesForm, ReviewForm, SelfReviewForm
from annotator.forms.suggestions import SuggestionSettingsForm
from annotator.services import articles, claims, detector, review, signoff, suggestions
from annotator.services.errors import DomainError
from annotator.services.verdicts import list_verdicts
from annotator.text.checkworthiness import DEFAULT_THRESHOLD
from annotator.views.helpers import requires, validated

bp = Blueprint("review", __name__, url_prefix="/review")
CHART_WIDTH = 300  # the longest bar, in SVG user units


def self_review_allowed():
    return review.self_review_allowed(current_app.config["ALLOW_SELF_REVIEW"])


@bp.get("/")
@requires("review.queue")
def queue():
    return render_template("review/queue.html", rows=review.list_review_queue())


@bp.get("/dashboard")
@requires("review.dashboard")
def dashboard():
    by_verdict = review.count_claims_by_verdict()
    verdicts = [(v.label, by_verdict.get(v.key, 0), f"v-{v.key}") for v in list_verdicts(include_inactive=True)]
    verdicts.append(("Unrated", by_verdict.get(None, 0), "v-unrated"))
    states = [(s.replace("_", " "), n, f"state-{s}") for s, n in review.count_articles_by_state().items()]
    return render_template("review/dashboard.html", states=bar_chart(states), verdicts=bar_chart(verdicts),
                           self_review=self_review_allowed(), settings_form=SelfReviewForm(),
                           threshold_form=SuggestionSettingsForm(threshold=suggestions.current_threshold()),
                           detector_default=DEFAULT_THRESHOLD, detector_figures=detector.detector_figures())


def bar_chart(rows, bar=22, gap=8):
    """Lay out (label, count, css class) rows as horizontal bars for an inline SVG."""
    top = max((n for _, n, _ in rows), default=0) or 1
    return {
        "height": len(rows) * (bar + gap) + gap,
        "bars": [{"label": label, "count": n, "css": css, "y": gap + i * (bar + gap), "height": bar,
                  "width": max(2, round(CHART_WIDTH * n / top)) if n else 0}
                 for i, (label, n, css) in enumerate(rows)],
    }


@bp.post("/settings")
@requires("settings.edit")
def update_settings():
    form = SelfReviewForm()
    review.set_self_review(current_user, form.allowed.data, current_app.config["ALLOW_SELF_REVIEW"])
    flash(f"Self-review is now {'allowed' if form.allowed.data else 'off'}.", "success")
    return redirect(url_for("review.dashboard"))


@bp.post("/settings/suggestions")
@requires("settings.edit")
def update_suggestion_settings():
    form = validated(SuggestionSettingsForm())
    suggestions.set_threshold(current_user, form.threshold.data)
    flash(f"New suggestions now need a score of at least {suggestions.current_threshold():.2f}. "
          "Existing suggestions stay as they are.", "success")
    return redirect(url_for("review.dashboard"))


@bp.post("/detector/retrain")
@requires("detector.manage")
def retrain_detector():
    try:
        with transaction.savepoint():
            head = detector.retrain_head(current_user)
        flash(detector.retrain_outcome(head), "success" if head.adopted else "warning")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("review.dashboard"))


@bp.post("/detector/shipped")
@requires("detector.manage")
def use_shipped_detector():
    detector.use_shipped_head(current_user)
    flash("The detector uses the shipped model again. Trained heads are kept.", "success")
    return redirect(url_for("review.dashboard"))


@bp.get("/claims/<int:claim_id>/history")
@requires("article.history")
def claim_history(claim_id):
    claim = claims.get_claim(claim_id)
    return render_template("review/claim_history.html", claim=claim,
                           article=articles.get_article(claim.article_id),
                           events=review.list_claim_history(claim_id))


def act(article_id, anchor, do, done):
    """Run one review action for a page: flash done, or undo it and flash why it was refused."""
    try:
        with transaction.savepoint():
            do()
        flash(done, "success")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("articles.show", article_id=article_id, _anchor=anchor))


def form_or_refuse(form):
    """Return form when valid, else raise its first error for act() to show."""
    if not form.validate():
        raise DomainError(next(iter(form.errors.values()))[0])
    return form


def claim_action(claim_id, do, done):
    article_id = claims.get_claim(claim_id).article_id  # where to go back to
    return act(article_id, "review", do, done)


@bp.post("/claims/<int:claim_id>/submit")
@requires("claim.submit")
def submit_claim(claim_id):
    form = ReviewForm()
    return claim_action(claim_id, lambda: review.submit_claim(
        current_user, claim_id, form_or_refuse(form).version.data, self_review_allowed()), "Claim sent to review.")


@bp.post("/claims/<int:claim_id>/approve")
@requires("claim.approve")
def approve_claim(claim_id):
    form = ReviewForm()
    return claim_action(claim_id, lambda: review.approve_claim(
        current_user, claim_id, self_review_allowed(), form_or_refuse(form).version.data), "Claim approved.")


@bp.post("/claims/<int:claim_id>/request-changes")
@requires("claim.request_changes")
def request_changes(claim_id):
    form = RequestChangesForm()
    return claim_action(claim_id, lambda: review.request_changes(
        current_user, claim_id, form_or_refuse(form).comment.data, form.version.data), "Claim sent back with your comment.")


@bp.post("/articles/<int:article_id>/submit")
@requires("article.submit")
def submit_article(article_id):
    form = ReviewForm()
    return act(article_id, "review", lambda: review.submit_article(
        current_user, article_id, form_or_refuse(form).version.data), "Article submitted for review.")


@bp.post("/articles/<int:article_id>/withdraw")
@requires("article.withdraw")
def withdraw_article(article_id):
    form = ReviewForm()
    return act(article_id, "review", lambda: review.withdraw_article(
        current_user, article_id, form_or_refuse(form).version.data), "Article taken out of review.")


@bp.post("/articles/<int:article_id>/sign-off")
@requires("article.sign_off")
def sign_off(article_id):
    form = ReviewForm()
    return act(article_id, "review", lambda: signoff.sign_off(
        current_user, article_id, self_review_allowed(), form_or_refuse(form).version.data),
        "Article signed off and locked.")


@bp.post("/articles/<int:article_id>/reopen")
@requires("article.reopen")
def reopen(article_id):
    form = ReopenForm()
    return act(article_id, "review", lambda: signoff.reopen(
        current_user, article_id, form_or_refuse(form).reason.data, form.version.data), "Article reopened.")
