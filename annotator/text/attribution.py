"""Who makes each statement of an article, read across the whole article.

A sentence often names its speaker elsewhere: "..., he told a news conference" after a paragraph
naming him; a quotation running over several sentences or paragraphs, attributed once; a short
form ("Erdogan", "President Erdogan") of a name given in full before. Each sentence gets one of:
  speaker       a person, organisation or role the article names (in full where it gave it);
  article       the article's own statement: its byline, else its outlet, else "The article";
  unattributed  a passive or hedged report with nobody behind it ("was said to", "reportedly").
Never a blank. One pass over the sentences, with bounded work for each: linear in the article.
"""
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from annotator.text.claimant import (
    OPENING_MARKS, PRONOUN_SUBJECT, QUOTE_MARK, SPEECH_VERBS, TITLES, _blank_spans, find_claimant, long_quotations,
    quotations,
)
from annotator.text.sentences import split_sentences

SPEAKER, ARTICLE, UNATTRIBUTED = "speaker", "article", "unattributed"
ARTICLE_FALLBACK = "The article"
UNATTRIBUTED_CLAIMANT = "Unattributed"
HEDGE = re.compile(
    r"\b(?:was|were|is|are|been|being|be)\s++(?:widely\s++)?(?:said|reported|believed|thought|alleged|claimed|"
    r"rumou?red|understood|estimated|expected|feared|known)\s++to\b"
    r"|\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?red)\b"
    r"|\bit\s++(?:is|was|has\s++been|had\s++been)\s++(?:said|reported|claimed|alleged|believed|thought|understood)\b",
    re.IGNORECASE,
)
# A sentence without any of these has no speaker, quotation or hedge to read (a superset of what
# find_claimant, PRONOUN_SUBJECT and HEDGE look for).
MAY_ATTRIBUTE = re.compile(
    rf"[“”\"]|(?<![\w-])(?:{SPEECH_VERBS}|according|reportedly|allegedly|purportedly|supposedly|apparently|"
    r"rumou?red|believed|thought|understood|expected|feared|known)(?![\w-])",
    re.IGNORECASE,
)
# Words that make a name an organisation's ("Huffington Post", "Anadolu Agency"): "he" never
# refers back to one.
ORGANISATION_WORDS = frozenset(
    "post times agency news press ministry organization organisation association union party council "
    "government office foundation university institute bank company corporation corp inc ltd group "
    "committee commission department journal herald guardian tribune channel network service army "
    "police court parliament assembly senate congress board authority fund center centre league "
    "federation society reuters ap afp bbc cnn un nato eu".split()
)
PERSON_PRONOUNS = frozenset("he she".split())
SUBJECT_WORDS = 4  # words (titles, mostly) that may stand before a sentence's subject
# A longer run of capitalised words is a headline or a list, not somebody's name.
MAX_NAME_WORDS = 8
NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
NAME_JOINERS_INSIDE = frozenset("de da van von der bin al".split())
STRIPPED = "\"“”‘’'(),;:.!?…—"
STRIPPED_BEFORE = "\"“‘'("
ENDING = ",;:.!?…)”\"’"
# Letters that do not fold to ASCII by decomposition: "Isık" and "Isik" are one surname.
FOLD = str.maketrans("ıİłŁøØđĐßæÆœŒ", "iIlLoOdDsaAoO")


@dataclass(frozen=True)
class Attribution:
    """Who a sentence's statement belongs to, and of which kind (see the module docstring)."""

    claimant: str
    kind: str


@dataclass
class _Reading:
    """What one sentence says about its speaker, on its own."""

    named: str | None
    pronoun: str | None
    hedged: bool
    opens: bool   # a quotation opens and stays open at its end
    closes: bool  # a quotation opened before closes in it
    quoted: bool  # the sentence is all or mostly inside quotation marks


NOTHING_SAID = _Reading(None, None, False, False, False, False)


def attribute_text(text: str, byline: str = "", outlet: str = "") -> list[tuple]:
    """Return (sentence, Attribution) for every sentence of a canonical article text."""
    sentences = split_sentences(text)
    starts = {s.start for s in sentences if s.start == 0 or text[max(0, s.start - 2):s.start] == "\n\n"}
    attributions = attribute_sentences([s.text for s in sentences], byline, outlet,
                                       [s.start in starts for s in sentences])
    return list(zip(sentences, attributions))


def attribute_sentences(sentences, byline="", outlet="", paragraph_starts=None) -> list[Attribution]:
    """Return the Attribution of each sentence of one text, in order.

    paragraph_starts[i] tells whether sentence i opens a paragraph (a quotation left open at a
    paragraph's end goes on only if the next paragraph opens with a quotation mark).
    """
    readings = [_read(sentence) for sentence in sentences]
    starts = paragraph_starts or [False] * len(sentences)
    blocks = _quotation_blocks(readings, sentences, starts)
    return _Resolver(byline or outlet or ARTICLE_FALLBACK).resolve(sentences, readings, blocks)


def _read(sentence: str) -> _Reading:
    if not MAY_ATTRIBUTE.search(sentence):
        return NOTHING_SAID  # most sentences: one search instead of a dozen
    named = find_claimant(sentence)
    has_quotes = QUOTE_MARK.search(sentence) is not None
    outside = _blank_spans(sentence, long_quotations(sentence)) if has_quotes else sentence
    pronoun = PRONOUN_SUBJECT.search(outside) if not named else None
    paired = quotations(sentence) if has_quotes else []
    unpaired = [m.start() for m in QUOTE_MARK.finditer(_blank_spans(sentence, paired))] if has_quotes else []
    opens = bool(unpaired) and _opens(sentence, unpaired[-1])
    closes = bool(unpaired) and not opens
    inside = sum(end - start for start, end in paired)
    return _Reading(named, pronoun.group().split()[0].lower() if pronoun else None,
                    bool(HEDGE.search(outside)), opens, closes,
                    inside >= 0.6 * len(sentence) or (opens and unpaired[-1] <= 1))


def _opens(sentence: str, index: int) -> bool:
    """Tell whether a lone quotation mark opens a quotation: a curly one by its shape, a straight
    one when more words follow it than precede it."""
    mark = sentence[index]
    if mark != '"':
        return mark in OPENING_MARKS
    return len(sentence[:index].split()) < len(sentence[index + 1:].split())


def _quotation_blocks(readings, sentences, starts) -> list[int]:
    """Return, for each sentence, the index of the first sentence of the quotation it is part of
    (its own index when it is in none): a quotation opens, may go on over paragraphs that open
    with a quotation mark, and ends where it closes."""
    block, open_at = [], None
    for index, (reading, sentence) in enumerate(zip(readings, sentences)):
        if open_at is not None and starts[index] and not sentence.lstrip()[:1] in OPENING_MARKS:
            open_at = None  # left open, and the next paragraph is not a quotation: it ended
        block.append(open_at if open_at is not None else index)
        if reading.opens and open_at is None:
            open_at = index
        elif reading.closes:
            open_at = None
    return block


class _Resolver:
    """Walks the sentences once, remembering the names given and the last speakers."""

    def __init__(self, article_claimant):
        self.article = Attribution(article_claimant, ARTICLE)
        self.full_names = {}  # folded surname -> the fullest name given for it
        self.last_speaker = self.last_person = None

    def resolve(self, sentences, readings, blocks) -> list[Attribution]:
        block_speakers = {}
        for index, reading in enumerate(readings):
            if reading.named and blocks[index] not in block_speakers:
                block_speakers[blocks[index]] = index
        attributions = []
        for index, reading in enumerate(readings):
            mentions = name_mentions(sentences[index])
            for mention in mentions:
                self._full_name(mention)  # "Turkish Foreign Minister Mevlut Cavusoglu spoke ..."
            attributions.append(self._attribute(index, reading, blocks, block_speakers, readings))
            if attributions[-1].kind == ARTICLE and mentions:
                self._note_subject(sentences[index], mentions[0])
        return attributions

    def _note_subject(self, sentence, mention):
        """Remember a person named as the subject of the article's own sentence ("Police Chief Dana
        Cole spoke to residents."): a following "she told a news conference" is hers."""
        name = self._full_name(mention)
        if len(sentence[: sentence.find(mention)].split()) <= SUBJECT_WORDS and _is_person(name) and len(name.split()) > 1:
            self.last_person = Attribution(name, SPEAKER)

    def _attribute(self, index, reading, blocks, block_speakers, readings):
        named_at = block_speakers.get(blocks[index])
        if reading.named:
            return self._speaker(reading.named)
        if named_at is not None and blocks[index] != index or (named_at is not None and named_at > index):
            # A sentence of a quotation attributed in another of its sentences.
            return self._speaker(readings[named_at].named)
        if reading.pronoun:
            return self._pronoun(reading.pronoun)
        if (reading.quoted or blocks[index] != index) and self.last_speaker:
            return self.last_speaker  # a quotation with no attribution goes on the last speaker's
        if reading.hedged:
            return Attribution(UNATTRIBUTED_CLAIMANT, UNATTRIBUTED)
        return self.article

    def _pronoun(self, pronoun):
        found = self.last_person if pronoun in PERSON_PRONOUNS and self.last_person else self.last_speaker
        return found or Attribution(UNATTRIBUTED_CLAIMANT, UNATTRIBUTED)

    def _speaker(self, phrase):
        attribution = Attribution(self._full_name(phrase), SPEAKER)
        self.last_speaker = attribution
        if _is_person(attribution.claimant):
            self.last_person = attribution
        return attribution

    def _full_name(self, phrase):
        """Return the fullest name given for phrase's person, remembering phrase if it is fuller."""
        name = personal_name(phrase)
        if not _is_proper(name) or not _is_person(name):
            return phrase
        key = _fold(name.split()[-1])
        known = self.full_names.get(key)
        if known and set(map(_fold, name.split())) <= set(map(_fold, known.split())):
            return known
        self.full_names[key] = name
        return name


def name_mentions(sentence: str) -> list[str]:
    """Return the runs of two or more capitalised words in a sentence ("Mevlut Cavusoglu"), in one pass."""
    mentions, run = [], []
    for token in sentence.split():
        word = token.strip(STRIPPED)
        if run and token[:1] in STRIPPED_BEFORE:
            run = _flush(run, mentions)  # an opening quote or bracket starts a new run
        if word and word[0].isupper() and NAME_TOKEN.fullmatch(word):
            run.append(word)
        elif run and word in NAME_JOINERS_INSIDE and token == word:
            run.append(word)
        else:
            if run:
                run = _flush(run, mentions)
            continue
        if token[-1:] in ENDING:
            run = _flush(run, mentions)  # a comma or full stop ends it
    _flush(run, mentions)
    return mentions


def _flush(run, mentions):
    """Add a finished run to mentions when it holds a first and a last name; return a new run."""
    while run and run[-1] in NAME_JOINERS_INSIDE:
        run.pop()
    name = personal_name(" ".join(run)) if 1 < len(run) <= MAX_NAME_WORDS else ""
    if len(name.split()) >= 2:
        mentions.append(name)
    return []


def personal_name(phrase: str) -> str:
    """Drop a possessive owner and leading titles: "Turkey's Defense Minister Fikri Isik" -> "Fikri Isik".

    At least one word is always kept; a phrase that is not a proper name is returned whole.
    """
    words = phrase.split()
    if not _is_proper(phrase):
        return phrase
    if len(words) > 1 and re.search(r"['’]s$", words[0]):
        words = words[1:]
    # Everything up to the last title before the surname: "Riverton Mayor", "Turkish Foreign Minister".
    titles = [index for index, word in enumerate(words[:-1]) if word.lower() in TITLES]
    return " ".join(words[titles[-1] + 1:] if titles else words)


def _is_proper(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and all(w[:1].isupper() or w in ("of", "the", "de", "van", "von", "der", "al", "bin") for w in words)


def _is_person(name: str) -> bool:
    """Tell whether a speaker is a named person: a proper name that is not an organisation's."""
    words = name.split()
    return (_is_proper(name) and not any(w.lower().strip(".") in ORGANISATION_WORDS for w in words)
            and not (len(words) == 1 and words[0].isupper()))


def _fold(word: str) -> str:
    """Return word lowercased, without accents: how two spellings of one name compare."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class ArticleAttributions:
    """The attributions of an article's sentences, looked up by a span (a suggestion's)."""

    def __init__(self, text: str, byline: str = "", outlet: str = ""):
        pairs = attribute_text(text, byline, outlet)
        self._starts = [sentence.start for sentence, _ in pairs]
        self._attributions = [attribution for _, attribution in pairs]
        self._article = Attribution(byline or outlet or ARTICLE_FALLBACK, ARTICLE)

    def at(self, start: int) -> Attribution:
        """Return the attribution of the sentence holding offset start."""
        index = bisect_right(self._starts, start) - 1
        return self._attributions[index] if index >= 0 else self._article
