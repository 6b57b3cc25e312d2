"""The claim detector in this newsroom: its head, its figures on our decisions, retraining.

Every accepted suggestion (and every claim marked by hand, which the detector missed) is a
positive label, every dismissed suggestion a negative. An admin can retrain the linear head on
them: a new head is adopted only when it ranks a held-out fifth of those decisions (by a hash of
the quote, so the same decisions stay held out) better than the head in use. The shipped head
is always one step away.
"""
import functools
import hashlib

from flask import current_app
from sqlalchemy import select

from annotator import permissions
from annotator.extensions import db
from annotator.limits import DETECTOR_MAX_SENTENCES
from annotator.models import Claim, DetectorHead
from annotator.services import settings
from annotator.services.errors import InvalidInput
from annotator.services.history import record_event
from annotator.text import checkworthiness, detector
from annotator.text.language import detect_language, language_name

HEAD_SETTING = "detector_head_id"
RECENT = 1000  # decisions the dashboard's figures and the retraining read, newest first
MIN_PER_CLASS = 10  # of accepted and of dismissed, before a retraining means anything
HELD_OUT_EVERY = 5
PRIOR = 1.0  # pull towards the head in use: a few hundred decisions refine it, not replace it
STEPS, RATE = 400, 0.5


def suggest_for(article, threshold):
    """Return the suggestions for an article with this newsroom's head: none unless it is English."""
    return suggest_for_text(article.text, article.language, threshold)


def suggest_for_text(text, language, threshold):
    """Return the suggestions for a canonical text in language (None: unknown) with this newsroom's
    head; none unless it is English. Pure work but for reading which head is adopted."""
    if language_note_for(text, language):
        return []
    detector.set_threads(current_app.config.get("DETECTOR_THREADS", 1))
    return checkworthiness.suggest_claims(text, threshold, head=current_head(), max_sentences=DETECTOR_MAX_SENTENCES)


def detector_note(article):
    """Return why the detector suggests nothing in part or all of an article, or None."""
    return language_note(article) or length_note(article)


def length_note(article):
    """Return, for an article longer than the detector reads (DETECTOR_MAX_SENTENCES), where it
    stopped; None for every other article."""
    stop = _unread_from(article.text, DETECTOR_MAX_SENTENCES)
    if stop is None:
        return None
    return (f"This article is very long: the claim detector read its first {DETECTOR_MAX_SENTENCES:,} sentences, "
            f"up to character {stop:,} of {len(article.text):,}, and suggests nothing after that. "
            "Mark claims in the rest by selecting text.")


@functools.lru_cache(maxsize=16)
def _unread_from(text, max_sentences):
    # Splitting a huge text costs a fraction of a second: paid once a process for each text.
    return checkworthiness.unread_from(text, max_sentences)


def language_note(article):
    """Return why an article gets no suggestions for its language, or None when it is English."""
    return language_note_for(article.text, article.language)


def language_note_for(text, language):
    """Return why a text (declared in language, or None) gets no suggestions, or None when English."""
    declared = (language or "en").lower()
    if not declared.startswith("en"):
        why = f"is marked as {language_name(declared.split('-')[0])}"
    else:
        found = detect_language(text)
        if found in (None, "en"):
            return None
        why = f"looks like {language_name(found)}"
    return (f"This article {why}. The claim detector knows only English, so it suggests nothing here "
            "rather than guess; mark its claims by selecting text.")


def current_head():
    """Return the head this newsroom adopted, or None for the shipped one."""
    import numpy as np  # loaded with the detector, on first use, not at start

    row = _adopted_row()
    return None if row is None else detector.Head(np.asarray(row.weights, dtype=np.float64), row.bias)


def _adopted_row():
    """Return the adopted DetectorHead row, unless none is or it was trained on another encoder."""
    head_id = settings.get_setting(HEAD_SETTING, None)
    row = db.session.get(DetectorHead, head_id) if head_id is not None else None
    return row if row is not None and row.encoder_sha256 == _encoder_sha256() else None


def _encoder_sha256():
    """Return the sha256 of the shipped encoder, which a trained head belongs to."""
    return detector.manifest()["files"][detector.ENCODER_FILE]


def decisions(limit=RECENT):
    """Return (quote, label) of the newest decisions: 1 accepted or marked by hand, 0 dismissed."""
    rows = db.session.execute(
        select(Claim.quote, Claim.review_state)
        .where(~Claim.is_suggested)
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
        .limit(limit)
    ).all()
    return [(quote, int(state != "dismissed")) for quote, state in rows]


def detector_figures(limit=RECENT):
    """Return the detector's precision and recall on this newsroom's recent decisions.

    Precision: accepted / decided suggestions. Recall: accepted suggestions / (accepted + claims
    marked by hand), since a claim marked by hand is one the detector did not propose.
    """
    rows = db.session.execute(
        select(Claim.origin, Claim.review_state).where(~Claim.is_suggested)
        .order_by(Claim.updated_at.desc(), Claim.id.desc()).limit(limit)
    ).all()
    accepted = sum(1 for origin, state in rows if origin == "detector" and state != "dismissed")
    dismissed = sum(1 for origin, state in rows if origin == "detector" and state == "dismissed")
    missed = sum(1 for origin, _ in rows if origin == "manual")
    return {
        "accepted": accepted, "dismissed": dismissed, "marked_by_hand": missed,
        "precision": accepted / (accepted + dismissed) if accepted + dismissed else None,
        "recall": accepted / (accepted + missed) if accepted + missed else None,
        "head": head_description(),
    }


def head_description():
    """Return which head is in use, in plain words."""
    row = _adopted_row()
    if row is None:
        return "the shipped model"
    return f"this newsroom's head #{row.id}, trained on {row.trained_on} decisions"


def retrain_head(actor):
    """Train a head on recent decisions; adopt it only if it beats the current one on held-out ones.

    Raises PermissionDenied for non-admins and InvalidInput when there are too few decisions.
    """
    permissions.check(actor, "detector.manage")
    texts, labels, held = _labelled_texts()
    embeddings = detector.embed([checkworthiness.model_text(text) for text in texts])
    current = current_head() or detector.shipped_head()
    candidate = fit_head(embeddings[~held], labels[~held], current)
    metrics = {"candidate": _figures(candidate, embeddings[held], labels[held]),
               "current": _figures(current, embeddings[held], labels[held])}
    adopted = metrics["candidate"]["average_precision"] > metrics["current"]["average_precision"]
    row = DetectorHead(created_by_id=actor.id, encoder_sha256=_encoder_sha256(), weights=candidate.to_json()["weights"],
                       bias=candidate.bias, trained_on=int((~held).sum()), held_out=int(held.sum()),
                       metrics=metrics, adopted=adopted)
    db.session.add(row)
    db.session.flush()
    record_event(actor, "detector", "retrain", entity_id=row.id, new={"adopted": adopted, **metrics})
    if adopted:
        settings.set_setting(actor, HEAD_SETTING, row.id, None)
    return row


def retrain_outcome(row):
    """Say in plain words what a retraining found and whether its head was adopted."""
    new, old = row.metrics["candidate"]["average_precision"], row.metrics["current"]["average_precision"]
    verdict = "adopted" if row.adopted else "not adopted: it did not beat the head in use"
    return (f"Trained a head on {row.trained_on} decisions; on {row.held_out} held-out decisions its average "
            f"precision is {new:.3f} against {old:.3f} for the head in use, so it was {verdict}.")


def use_shipped_head(actor):
    """Go back to the shipped head (admins only); trained heads are kept."""
    permissions.check(actor, "detector.manage")
    settings.set_setting(actor, HEAD_SETTING, None, None)


def _labelled_texts():
    """Return texts, labels and held-out flags of recent decisions; InvalidInput when too few."""
    import numpy as np  # loaded with the detector, on first use, not at start

    rows = decisions()
    labels = np.array([label for _, label in rows], dtype=np.float64)
    texts = [text for text, _ in rows]
    held = np.array([_is_held_out(text) for text in texts], dtype=bool)
    for name, part in (("training", ~held), ("held-out", held)):
        positives = int(labels[part].sum()) if part.any() else 0
        negatives = int(part.sum()) - positives
        needed = MIN_PER_CLASS if name == "training" else 1
        if min(positives, negatives) < needed:
            raise InvalidInput(
                f"Too few decisions to retrain: the {name} part has {positives} accepted and {negatives} "
                f"dismissed; at least {needed} of each are needed. Decide more suggestions first."
            )
    return texts, labels, held


def _is_held_out(text):
    """Tell whether a decision's quote belongs to the held-out fifth (sha1 mod 5 == 0)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16) % HELD_OUT_EVERY == 0


def fit_head(embeddings, labels, start):
    """Fit a class-balanced logistic regression, starting at and pulled towards the start head."""
    import numpy as np  # loaded with the detector, on first use, not at start

    x = embeddings.astype(np.float64)
    positives = max(labels.sum(), 1.0)
    negatives = max(len(labels) - labels.sum(), 1.0)
    weight = np.where(labels == 1, len(labels) / (2 * positives), len(labels) / (2 * negatives))
    w, b = start.weights.copy(), start.bias
    for _ in range(STEPS):
        error = (1 / (1 + np.exp(-(x @ w + b))) - labels) * weight / len(labels)
        w -= RATE * (x.T @ error + PRIOR * (w - start.weights) / len(labels))
        b -= RATE * error.sum()
    return detector.Head(w, float(b))


def _figures(head, embeddings, labels):
    """Return average precision, and precision and recall at 0.5, of a head on labelled embeddings."""
    import numpy as np  # loaded with the detector, on first use, not at start

    scores = 1 / (1 + np.exp(-head.logits(embeddings)))
    predicted = scores >= 0.5
    hits = float((predicted & (labels == 1)).sum())
    return {
        "average_precision": round(average_precision(scores, labels), 4),
        "precision": round(hits / max(predicted.sum(), 1), 4),
        "recall": round(hits / max(labels.sum(), 1), 4),
        "decisions": int(len(labels)),
    }


def average_precision(scores, labels):
    """Return the mean precision at the rank of each positive, best score first."""
    import numpy as np  # loaded with the detector, on first use, not at start

    order = np.argsort(-scores, kind="stable")
    ranked = labels[order]
    hits = np.cumsum(ranked)
    precision_at = hits / np.arange(1, len(ranked) + 1)
    return float((precision_at * ranked).sum() / max(ranked.sum(), 1))
