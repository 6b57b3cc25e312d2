"""Score sentences for check-worthiness and suggest the claims of an article."""

import base64
import functools
import gzip
import json
import math
import re
import sys
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

from annotator.text.claimant import find_claimant, spoken_content
from annotator.text.sentences import split_sentences

MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness_model.json.gz"
BUCKETS = 2**18
# A score of 0.5 or more is a suggestion: the trainer picks the best-F1 threshold on a validation
# slice and shifts the model's bias so that it falls at 0.5 (checkworthiness_training.json records
# both; a test keeps this equal to the manifest's "threshold").
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
# Three or more words between quotation marks; shorter ones are scare quotes.
QUOTATION = re.compile(r"[\"“](?:[^\"“”\s]+\s+){2,}[^\"“”]*[\"”]")
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


def score_sentence(text: str, previous_claimant: str | None = None) -> Score:
    """Score one sentence in [0, 1] with the reasons behind the score."""
    claimant = find_claimant(text, previous_claimant)
    tokens = model_tokens(text)
    signals = detect_signals(text, claimant, tokens)
    logit = _logit(tokens, signals) - sum(RULED_OUT.get(name, 0.0) for name in signals)
    return Score(_sigmoid(logit), tuple(signals.values()), claimant)


def suggest_claims(text: str, threshold: float = DEFAULT_THRESHOLD) -> list[Suggestion]:
    """Return the sentences of an article text whose score reaches threshold."""
    suggestions = []
    previous_claimant = None
    for sentence in split_sentences(text):
        scored = score_sentence(sentence.text, previous_claimant)
        previous_claimant = scored.claimant
        if scored.score >= threshold:
            suggestions.append(_suggestion(sentence, scored))
    return suggestions


def _suggestion(sentence, scored: Score) -> Suggestion:
    """Build a suggestion from a sentence and its score."""
    return Suggestion(
        sentence.start, sentence.end, sentence.text, scored.score, scored.reasons, scored.claimant
    )


def detect_signals(text: str, claimant: str | None, tokens: list[str] | None = None) -> dict[str, str]:
    """Return the heuristic signals found in a sentence, keyed by feature name."""
    words = set(_tokens(text) if tokens is None else tokens)
    lowered = text.lower()
    signals = {}
    figure = _figure(text)
    if figure:
        signals["figure"] = f"contains a figure: '{figure}'"
    if claimant:
        signals["attributed"] = f"attributed to {claimant}"
    if QUOTATION.search(text):
        signals["quotation"] = "a quotation"
    if not COMPARISON_WORDS.isdisjoint(words) or COMPARISON_PHRASES.search(lowered):
        signals["comparison"] = "compares quantities"
    if DATE.search(text):
        signals["date"] = "gives a date"
    if not OPINION_WORDS.isdisjoint(words) or OPINION_PHRASES.search(lowered):
        signals["opinion"] = "opinion or appeal"
    signals.update(_shape_signals(text))
    return signals


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


def feature_names(text: str, signals: dict[str, str]) -> list[str]:
    """Return the names of the features the linear model reads for a sentence."""
    tokens = model_tokens(text)
    names = [f"w:{token}" for token in tokens]
    names += [f"b:{first} {second}" for first, second in zip(["<s>", *tokens], [*tokens, "</s>"])]
    names += [f"s:{name}" for name in signals]
    names.append(f"len:{min(len(tokens) // 5, 10)}")
    return names


def model_tokens(text: str) -> list[str]:
    """Return the tokens the model reads: a quotation's words without the frame around it."""
    return _tokens(spoken_content(text))


def _tokens(text: str) -> list[str]:
    """Return lowercased word tokens with digits masked, so '1987' reads as '0000'."""
    return WORD.findall(text.lower().translate(DIGITS_TO_ZERO))


def linear_score(names: list[str]) -> float:
    """Return the model's logit for a list of feature names, char n-grams included."""
    weights, scale, bias = _model()
    total = 0
    for name in names:
        total += weights[_bucket(name)]
        if name.startswith("w:"):
            total += _char_weight(name[2:])
    return bias + scale * total


def _logit(tokens: list[str], signals: dict[str, str]) -> float:
    """Return the same logit as linear_score(feature_names(...)), from per-word caches."""
    weights, scale, bias = _model()
    total = sum(map(_word_weight, tokens))
    total += sum(map(_pair_weight, ["<s>", *tokens], [*tokens, "</s>"]))
    total += sum(weights[_bucket(f"s:{name}")] for name in signals)
    total += weights[_bucket(f"len:{min(len(tokens) // 5, 10)}")]
    return bias + scale * total


@functools.lru_cache(maxsize=1 << 16)
def _word_weight(token: str) -> int:
    """Return the quantised weight of a word and its character n-grams."""
    return _model()[0][_bucket(f"w:{token}")] + _char_weight(token)


@functools.lru_cache(maxsize=1 << 17)
def _pair_weight(first: str, second: str) -> int:
    """Return the quantised weight of a word pair."""
    return _model()[0][_bucket(f"b:{first} {second}")]


@functools.lru_cache(maxsize=1 << 16)
def _char_weight(word: str) -> int:
    """Return the summed quantised weight of a word's character n-grams."""
    weights = _model()[0]
    return sum(weights[bucket] for bucket in _char_buckets(word))


@functools.lru_cache(maxsize=1 << 16)
def _bucket(name: str) -> int:
    """Hash a feature name to a bucket, the same in every process (unlike hash())."""
    return zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1)


@functools.lru_cache(maxsize=1 << 16)
def _char_buckets(word: str) -> tuple[int, ...]:
    """Return the buckets of a word's character 3- to 5-grams."""
    return tuple(_bucket(f"c:{gram}") for gram in char_ngrams(word))


def char_ngrams(word: str) -> list[str]:
    """Return the 3- to 5-character n-grams of a word padded with spaces."""
    padded = f" {word} "
    return [padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]


def all_buckets(names: list[str]) -> list[int]:
    """Return every bucket a sentence's features touch, as the trainer needs them."""
    buckets = []
    for name in names:
        buckets.append(_bucket(name))
        if name.startswith("w:"):
            buckets.extend(_char_buckets(name[2:]))
    return buckets


@functools.cache
def _model() -> tuple[array, float, float]:
    """Load the trained weights once: int16 buckets, their scale, and the bias."""
    stored = json.loads(gzip.decompress(MODEL_PATH.read_bytes()))
    weights = array("h", base64.b64decode(stored["weights"]))
    if sys.byteorder == "big":
        weights.byteswap()
    return weights, stored["scale"], stored["bias"]


def _sigmoid(logit: float) -> float:
    """Map a logit to (0, 1) without overflowing."""
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)
