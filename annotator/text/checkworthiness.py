"""Score sentences for check-worthiness and suggest the claims of an article.

The score comes from the fine-tuned encoder and its linear head (annotator/text/detector.py);
the reasons shown to editors are the plain-word signals found here, which also rule out
fragments and editorial notes whatever the model says.
"""

import math
import re
from dataclasses import dataclass

from annotator.text import detector
from annotator.text.claimant import find_claimant, spoken_content
from annotator.text.language import is_english
from annotator.text.sentences import most_sentences, split_sentences

# A score of 0.5 or more is a suggestion: the trainer picks the best-F1 threshold on a validation
# slice and shifts the head's bias so that it falls at 0.5 (detector_model.json records both; a
# test keeps this equal to the manifest's "threshold").
DEFAULT_THRESHOLD = 0.5
MIN_WORDS = 5
DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")

WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*|[$€£%?!\"“”]")
FIGURE = re.compile(
    r"(?:[$€£]\s?)?\d[\d,.]*\d*(?:\s?(?:%|percent|per cent|percentage points?|"
    r"(?:million|billion|trillion|thousand|hundred)s?|[mb]n?\b|km|kilometres|miles|tonnes|"
    r"people|dollars|euros|pounds|years|times))?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|"
    r"millions?|billions?)\s+(?:of\s+)?(?:million|billion|percent|people|times)\b"
    r"|\b(?:half|a third|two-thirds|a quarter|three-quarters|doubled|tripled|halved)\b",
    re.IGNORECASE,
)
# Words between quotation marks (three or more make a quotation; fewer are scare quotes). The
# word count is taken in Python: a regex counting words before a closing mark backtracks
# quadratically on an unclosed quotation.
QUOTED = re.compile(r"[\"“]([^\"“”]*)[\"”]")
QUOTATION_WORDS = 3
# Comparisons and opinions: single words are looked up among the sentence's tokens,
# phrases are searched in its lowercased text (faster than one case-insensitive regex).
COMPARISON_WORDS = frozenset(
    "more less fewer higher lower larger smaller bigger greater faster slower cheaper than rose "
    "fell increased decreased doubled tripled halved dropped climbed grew shrank declined surged "
    "jumped highest lowest largest smallest biggest greatest fastest cheapest most least record".split()
)
COMPARISON_PHRASES = re.compile(r"\b(?:compared (?:with|to)|up from|down from)\b")
EVENT = re.compile(
    r"\b(?:signed|voted|passed|approved|rejected|launched|announced|arrested|killed|"
    r"banned|won|lost|cut|raised|closed|opened|built|spent|invested|fired|hired|sued|"
    r"charged|convicted|elected|resigned|appointed|introduced|vetoed|ordered|imposed|"
    r"lifted|cancelled|canceled|acquired|sold|bought|paid|created|eliminated|increased|"
    r"reduced|invaded|attacked|agreed|released|reported|recorded|died|injured|"
    r"has|have|had|is|was|were|are)\b"
)
PROPER_NOUN = re.compile(r"(?<=[\w,;] )[A-Z][a-z]+|\b[A-Z]{2,}\b")
OPINION_WORDS = frozenset(
    "should must let's shall wonderful terrible great awful beautiful disgraceful shameful best "
    "worst amazing proud thanks".split()
)
OPINION_PHRASES = re.compile(
    r"\b(?:i|we) (?:think|believe|feel|hope|want|need|wish)\b|\b(?:ought to|let us|thank you)\b"
)
# A sentence wholly in square brackets is an editorial note ("[Updated to add ...]").
EDITORIAL_NOTE = re.compile(r"\s*\[[^\[\]]*\]\s*")
# Signals that rule a sentence out whatever its words: they pull the logit down by this much.
RULED_OUT = {"too short to check": 4.0, "editorial note": 6.0}
DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)


@dataclass(frozen=True)
class Score:
    """How check-worthy a sentence is, why, and who it is attributed to."""

    score: float
    reasons: tuple[str, ...]
    claimant: str | None


@dataclass(frozen=True)
class Suggestion:
    """A sentence of an article proposed as a claim."""

    start: int
    end: int
    quote: str
    score: float
    reasons: tuple[str, ...]
    claimant: str | None


def score_sentence(text: str, previous_claimant: str | None = None, head: detector.Head | None = None) -> Score:
    """Score one sentence in [0, 1] with the reasons behind the score."""
    return score_sentences([text], [previous_claimant], head)[0]


def score_sentences(
    texts: list[str], previous_claimants: list[str | None] | None = None, head: detector.Head | None = None
) -> list[Score]:
    """Score many sentences in one run of the encoder (much faster than one at a time)."""
    previous_claimants = previous_claimants or [None] * len(texts)
    claimants = [find_claimant(text, prior) for text, prior in zip(texts, previous_claimants)]
    return _scores(texts, claimants, head)


def suggest_claims(text: str, threshold: float = DEFAULT_THRESHOLD, head: detector.Head | None = None,
                   max_sentences: int | None = None) -> list[Suggestion]:
    """Return the sentences of an article text whose score reaches threshold, of its first
    max_sentences (None: all; see unread_from).

    An article not in English gets none: the model knows only English (see is_english).
    """
    if not is_english(text):
        return []
    sentences = split_sentences(text)[:max_sentences]
    claimants, previous_claimant = [], None
    for sentence in sentences:
        previous_claimant = find_claimant(sentence.text, previous_claimant)
        claimants.append(previous_claimant)
    scored = _scores([s.text for s in sentences], claimants, head)
    return [_suggestion(s, score) for s, score in zip(sentences, scored) if score.score >= threshold]


def unread_from(text: str, max_sentences: int) -> int | None:
    """Return where the sentences past the first max_sentences start (a code-point offset), or
    None when the text has no more than that: where suggest_claims stops reading."""
    if most_sentences(text) <= max_sentences:  # every newsroom article: no split needed
        return None
    sentences = split_sentences(text)
    return sentences[max_sentences].start if len(sentences) > max_sentences else None


def _scores(texts: list[str], claimants: list[str | None], head: detector.Head | None) -> list[Score]:
    """Return the Score of each text given its claimant: the model's logit less the ruled-out signals."""
    logits = detector.logits([model_text(text) for text in texts], head) if texts else []
    scores = []
    for text, claimant, logit in zip(texts, claimants, logits):
        signals = detect_signals(text, claimant)
        logit = float(logit) - sum(RULED_OUT.get(name, 0.0) for name in signals)
        scores.append(Score(_sigmoid(logit), tuple(signals.values()), claimant))
    return scores


def _suggestion(sentence, scored: Score) -> Suggestion:
    """Build a suggestion from a sentence and its score."""
    return Suggestion(
        sentence.start, sentence.end, sentence.text, scored.score, scored.reasons, scored.claimant
    )


def detect_signals(text: str, claimant: str | None) -> dict[str, str]:
    """Return the plain-word signals found in a sentence, keyed by name: the reasons editors see."""
    words = set(_tokens(model_text(text)))
    lowered = text.lower()
    signals = {}
    figure = _figure(text)
    if figure:
        signals["figure"] = f"contains a figure: '{figure}'"
    if claimant:
        signals["attributed"] = f"attributed to {claimant}"
    if _has_quotation(text):
        signals["quotation"] = "a quotation"
    if not COMPARISON_WORDS.isdisjoint(words) or COMPARISON_PHRASES.search(lowered):
        signals["comparison"] = "compares quantities"
    if DATE.search(text):
        signals["date"] = "gives a date"
    if not OPINION_WORDS.isdisjoint(words) or OPINION_PHRASES.search(lowered):
        signals["opinion"] = "opinion or appeal"
    signals.update(_shape_signals(text))
    return signals


def _has_quotation(text: str) -> bool:
    """Tell whether three or more words stand between quotation marks."""
    return any(len(match.group(1).split()) >= QUOTATION_WORDS for match in QUOTED.finditer(text))


def _figure(text: str) -> str | None:
    """Return the first figure in the text that is not a bare small ordinal-like digit."""
    for match in FIGURE.finditer(text):
        figure = match.group().strip(" ,.")
        if figure:
            return figure
    return None


def _shape_signals(text: str) -> dict[str, str]:
    """Return signals from the form of the sentence: question, length, actor and event."""
    signals = {}
    words = text.split()
    if text.rstrip(" \"”’'").endswith("?"):
        signals["question"] = "a question"
    if len(words) < MIN_WORDS:
        signals["too short to check"] = "too short to check"
    if PROPER_NOUN.search(text) and EVENT.search(text):
        signals["actor_event"] = "names an actor and an event"
    if EDITORIAL_NOTE.fullmatch(text):
        signals["editorial note"] = "an editorial note in brackets"
    return signals


def model_text(text: str) -> str:
    """Return what the model reads: a quotation's words without the frame around it."""
    return spoken_content(text)


def _tokens(text: str) -> list[str]:
    """Return lowercased word tokens with digits masked, so '1987' reads as '0000'."""
    return WORD.findall(text.lower().translate(DIGITS_TO_ZERO))


def _sigmoid(logit: float) -> float:
    """Map a logit to (0, 1) without overflowing."""
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)
