"""Find who makes the claim in a sentence: "X said", "according to X", "he added"."""

import re

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|claimed|claims|stated|argued|argues|insisted|insists|"
    "noted|warned|warns|explained|wrote|writes|announced|estimated|reported|asserted|"
    "contended|acknowledged|admitted|maintained|predicted|testified|tweeted|declared|"
    "confirmed|denied|suggested|alleged|boasted|conceded|complained|replied|responded|"
    "recalled|cautioned|stressed|emphasi[sz]ed|revealed|disclosed|pointed out|countered|"
    "promised|vowed|concluded|found|showed|shows|disputed|disputes"
)
SPEECH_VERB = re.compile(rf"(?<![\w-])(?:{SPEECH_VERBS})(?![\w-])")
ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+([^,;:.!?\"“”()]+)")
QUOTE_THEN_VERB = re.compile(
    rf"[,?!.…—-]\s*[\"”’']\s*(?:{SPEECH_VERBS})\s+([^,;:.!?\"“”()]+)"
)
NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)"
NAME = re.compile(rf"{NAME_WORD}(?:\s+(?:(?:of|for|and|the|de|da|van|von|der|bin|al)\s+)*{NAME_WORD})*")
TRAILING_NAME = re.compile(rf"(?:(?:[Tt]he|[Aa]n?)\s+)?{NAME.pattern}$")
TRAILING_ROLE = re.compile(
    r"(?:\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[\w.-]+['’]s)\s+)"
    r"(?:[\w'’-]+\s+){0,3}[\w'’-]+$"
)
PLURAL_SOURCES = re.compile(
    r"(?:[A-Z][\w-]*\s+)?(?:[Oo]fficials|[Aa]nalysts|[Ee]xperts|[Cc]ritics|[Pp]olice|"
    r"[Rr]esearchers|[Ss]cientists|[Ee]conomists|[Rr]esidents|[Ww]itnesses|[Dd]octors|"
    r"[Pp]rosecutors|[Ii]nvestigators|[Ll]awmakers|[Oo]fficers|[Ss]ources|[Ee]xecutives)$"
)
PRONOUNS = frozenset("he she they we it i".split())
PRONOUN_SUBJECT = re.compile(
    rf"(?<![\w'’])(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:also\s+|later\s+|then\s+)?(?:{SPEECH_VERBS})\b"
)
# Capitalised words that open a sentence without being part of a name.
NOT_NAMES = frozenset(
    "but and yet so still however meanwhile then also now later earlier last this that "
    "on in at by for when while after before since as if officially separately".split()
)
# A quotation of three or more words: its own speech verbs ("what the mayor claims") do not
# name the speaker of the sentence.
QUOTATION = re.compile(r"[\"“](?:[^\"“”\s]+\s+){2,}[^\"“”]*[\"”]")
# A quotation with its marks: straight or curly, possibly empty, never nested.
PAIRED_QUOTE = re.compile(r"[“\"]([^“”\"]*)[”\"]")
QUOTE_MARKS = "“”\""
# A frame around quoted words ("..., Jane Doe told reporters.") is at most this many words.
MAX_FRAME_WORDS = 16
FRAME_WORD = re.compile(r"\w[\w'’-]*")
CLAUSE_BREAK = re.compile(r".*(?:[;:\"“”()—]|,\s|\s-\s|\bthat\s|\band\s|\bbut\s)")


def find_claimant(sentence: str, previous_claimant: str | None = None) -> str | None:
    """Return who the sentence attributes its content to, or None."""
    outside = QUOTATION.sub(_blank, sentence)
    claimant = _after_quote(sentence) or _before_verb(outside) or _according_to(sentence)
    if claimant:
        return claimant
    if PRONOUN_SUBJECT.search(outside):
        return previous_claimant
    return None


def _according_to(sentence: str) -> str | None:
    """Return X from "according to X"."""
    match = ACCORDING_TO.search(sentence)
    return _clean(match.group(1)) if match else None


def _after_quote(sentence: str) -> str | None:
    """Return the speaker named after a quotation: '"...," said Jane Doe'."""
    match = QUOTE_THEN_VERB.search(sentence)
    if not match:
        return None
    words = match.group(1)
    name = NAME.match(words)
    if name and _is_name(name.group()):
        return _clean(name.group())
    return _clean(words) if not _is_pronoun(words) else None


def _before_verb(sentence: str) -> str | None:
    """Return the subject of the first speech verb that has one: "Jane Doe said"."""
    for verb in SPEECH_VERB.finditer(sentence):
        claimant = _subject_of(sentence[: verb.start()].rstrip())
        if claimant:
            return claimant
    return None


def _subject_of(prefix: str) -> str | None:
    """Return the noun phrase ending a prefix, preferring a name in an appositive."""
    if prefix.endswith(","):
        head, _, appositive = prefix[:-1].rpartition(",")
        candidates = [_trailing_phrase(head), _trailing_phrase(appositive)]
        names = [c for c in candidates if c and _is_name(c)]
        # "The association's Chairman, Hakki Aygun," names Hakki Aygun.
        return max(names, key=lambda name: len(name.split())) if names else candidates[0]
    return _trailing_phrase(prefix)


def _trailing_phrase(prefix: str) -> str | None:
    """Return the name or role phrase that ends a clause fragment."""
    clause = prefix[CLAUSE_BREAK.match(prefix).end():] if CLAUSE_BREAK.match(prefix) else prefix
    clause = clause.strip()
    if not clause or _is_pronoun(clause.split()[-1]):
        return None
    for pattern in (TRAILING_NAME, TRAILING_ROLE, PLURAL_SOURCES):
        match = pattern.search(clause)
        if match and _is_subject(match.group()):
            return _clean(match.group())
    return None


def _is_subject(phrase: str) -> bool:
    """Reject phrases that are only sentence openers ("But", "On Tuesday")."""
    words = phrase.split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return bool(words) and not (len(words) == 1 and words[0].lower() in {"the", "a", "an"})


def _is_name(phrase: str) -> bool:
    """Tell whether a phrase is a proper name (all capitalised words)."""
    words = [w for w in phrase.split() if w.lower() not in {"of", "for", "and", "the", "de", "van", "von"}]
    return bool(words) and all(w[0].isupper() for w in words) and words[0].lower() not in NOT_NAMES


def _is_pronoun(phrase: str) -> bool:
    """Tell whether a phrase is a bare personal pronoun."""
    return phrase.strip().lower() in PRONOUNS


def _clean(phrase: str) -> str | None:
    """Trim punctuation, sentence openers and a trailing "that" from a claimant phrase."""
    phrase = re.sub(r"\s+(?:that|on|in|at|last|this|on\s+\w+day)\b.*$", "", phrase.strip())
    words = phrase.strip(" ,;:'\"“”’").split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return " ".join(words) or None


def spoken_content(sentence: str) -> str:
    """Return the quoted words of a sentence that only frames a quotation, else the sentence.

    '"We stand by our brothers," the chairman said.' becomes 'We stand by our brothers,':
    what makes a quotation check-worthy is what it says, not that somebody said it. A quote
    left open (it goes on in the next sentence) or closed without opening (it began in the
    previous one) counts too. Sentences that only quote a word or two, or whose own words
    say more than who spoke, are returned whole.
    """
    spans = [match.span(1) for match in PAIRED_QUOTE.finditer(sentence)]
    unpaired = [i for i, char in enumerate(PAIRED_QUOTE.sub(_blank, sentence)) if char in QUOTE_MARKS]
    if len(unpaired) == 1:
        spans.append(_open_span(sentence, unpaired[0]))
    if not spans:
        return sentence
    spans = _merged(spans)
    quoted = " ".join(sentence[start:end].strip() for start, end in spans)
    frame = sentence
    for start, end in spans:
        frame = frame[:start] + " " * (end - start) + frame[end:]
    frame_words = FRAME_WORD.findall(frame)
    if len(quoted.split()) < 3 or len(frame_words) > MAX_FRAME_WORDS:
        return sentence
    if len(frame_words) > 2 and not (SPEECH_VERB.search(frame) or ":" in frame):
        return sentence
    return quoted


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans in order with overlapping ones joined (a lone quote can enclose paired ones)."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _blank(match: re.Match) -> str:
    """Replace a quotation by blanks of the same length, so offsets stay put."""
    return " " * len(match.group())


def _open_span(sentence: str, index: int) -> tuple[int, int]:
    """Return the quoted span of a lone quote mark: to the end if it opens, from the start if it closes."""
    mark = sentence[index]
    opens = mark == "“" or (mark == '"' and len(sentence[:index].split()) < len(sentence[index + 1 :].split()))
    return (index + 1, len(sentence)) if opens else (0, index)
