"""Find who makes the claim in a sentence: "X said", "according to X", "he added".

Linear in the sentence: the only patterns run over the whole sentence are literal alternations
and character classes; names and roles are read word by word from a bounded window before each
speech verb, so neither initials ("B. B. B.") nor long clauses can make them backtrack.
"""

import re
from itertools import islice

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|claimed|claims|stated|argued|argues|insisted|insists|"
    "noted|warned|warns|explained|wrote|writes|announced|estimated|reported|asserted|"
    "contended|acknowledged|admitted|maintained|predicted|testified|tweeted|declared|"
    "confirmed|denied|suggested|alleged|boasted|conceded|complained|replied|responded|"
    "recalled|cautioned|stressed|emphasi[sz]ed|revealed|disclosed|pointed out|countered|"
    "promised|vowed|concluded|found|showed|shows|disputed|disputes|accused|accuses|"
    "criticized|criticised|criticizes|criticises|urged|urges|prayed"
)
SPEECH_VERB = re.compile(rf"(?<![\w-])(?:{SPEECH_VERBS})(?![\w-])")
# A claimant phrase is a few words: what follows "according to", or a quotation's speaker, is
# read from at most this many characters, and a verb's subject from as many before it.
PHRASE_CHARS = 200
# The subject is looked for before the first few speech verbs only: a sentence with dozens is a
# list, not an attribution.
MAX_VERBS = 8
ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s++([^,;:.!?\"“”()]{1,%d})" % PHRASE_CHARS)
QUOTE_THEN_VERB = re.compile(
    rf"[,?!.…—-][^\S\n]*+[\"”’'][^\S\n]*+(?:{SPEECH_VERBS})\s++([^,;:.!?\"“”()]{{1,{PHRASE_CHARS}}})"
)
# Words that may join the capitalised words of one name ("Bank of England", "Ursula von der Leyen").
NAME_JOINERS = frozenset("of for and the de da van von der bin al".split())
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
DETERMINERS = frozenset("the a an".split())
ROLE_OPENERS = frozenset("the a an its his her their our".split())
POSSESSIVE = re.compile(r"[\w.-]+['’]s")
ROLE_WORD = re.compile(r"[\w'’-]+")
MAX_ROLE_WORDS = 5
PLURAL_SOURCES = frozenset(
    "officials analysts experts critics police researchers scientists economists residents "
    "witnesses doctors prosecutors investigators lawmakers officers sources executives".split()
)
# Words for a crowd rather than somebody ("residents", "Turkish officials", "people"): a claimant
# only as the subject of a speech verb, and never when the sentence's other verb names somebody.
GENERIC_NOUNS = PLURAL_SOURCES | frozenset("people citizens locals voters".split())
# "Letters from residents claimed": the noun after a preposition is not the verb's subject.
PREPOSITIONS = frozenset("of from by among with to for at in on about between".split())
# "The number of residents who say": the relative clause's verb has no subject of its own.
RELATIVES = frozenset("who whom whose which".split())
# Titles and words before a personal name: "Water Board Chairman, Tom Okafor," names Tom Okafor.
TITLES = frozenset(
    "president prime minister deputy foreign defense defence interior finance chairman chairwoman "
    "chair mayor governor senator sen. gov. rep. representative secretary chancellor chief director "
    "general vice speaker judge justice professor prof. dr. dr mr. mr mrs. mrs ms. ms king queen "
    "prince princess pope ambassador commissioner spokesman spokeswoman spokesperson leader "
    "head envoy commander lieutenant gen. col. capt. sheikh".split()
)
PRONOUNS = frozenset("he she they we it i".split())
# Before a speech verb: "was said" names no speaker; "has said" keeps looking before "has".
PASSIVE_AUXILIARIES = frozenset("was were is are been be being".split())
AUXILIARIES = frozenset("has have had also would will later earlier again previously repeatedly".split())
WORDS = re.compile(r"\S+")
PRONOUN_SUBJECT = re.compile(
    rf"(?<![\w'’])(?:[Hh]e|[Ss]he|[Tt]hey)\s++(?:also\s++|later\s++|then\s++)?(?:{SPEECH_VERBS})\b"
)
# Capitalised words that open a sentence without being part of a name.
NOT_NAMES = frozenset(
    "but and yet so still however meanwhile then also now later earlier last this that "
    "on in at by for when while after before since as if officially separately".split()
)
QUOTE_MARKS = "“”\""
OPENING_MARKS = "“\""
CLOSING_MARKS = "”\""
QUOTE_MARK = re.compile(r"[“”\"]")
# A quotation of three or more words: its own speech verbs ("what the mayor claims") do not
# name the speaker of the sentence.
LONG_QUOTATION_START = re.compile(r"[^\s\"“”]++\s++[^\s\"“”]++\s")
# A frame around quoted words ("..., Jane Doe told reporters.") is at most this many words.
MAX_FRAME_WORDS = 16
FRAME_WORD = re.compile(r"\w[\w'’-]*")
CLAUSE_BREAK = re.compile(r".*(?:[;:\"“”()—]|,\s|\s-\s|\bthat\s|\band\s|\bbut\s)", re.DOTALL)
CUT_WORD = re.compile(r"(?:that|on|in|at|last|this)\b")
PHRASE_PUNCTUATION = " ,;:'\"“”’"


def find_claimant(sentence: str, previous_claimant: str | None = None) -> str | None:
    """Return who the sentence attributes its content to, or None."""
    outside = _blank_spans(sentence, long_quotations(sentence)) if QUOTE_MARK.search(sentence) else sentence
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
    name = _leading_name(words.split())
    if name and _is_name(name):
        return _clean(name)
    return _clean(words) if not _is_pronoun(words) else None


def _before_verb(sentence: str) -> str | None:
    """Return the subject of the first speech verb that has one: "Jane Doe said"; a generic one
    ("Residents said ..., Dr. Jane Doe said") only when no later verb names somebody."""
    generic = None
    for verb in islice(SPEECH_VERB.finditer(sentence), MAX_VERBS):
        window = sentence[max(0, verb.start() - PHRASE_CHARS):verb.start()]
        if verb.start() > PHRASE_CHARS:
            window = window.partition(" ")[2]  # never start inside a word
        words = window.split()
        if words and words[-1].lower() in PASSIVE_AUXILIARIES:
            continue  # "was said to", "is claimed": nobody is named as saying it
        while words and words[-1].lower() in AUXILIARIES:
            words.pop()  # "X has accused", "X had earlier warned"
        claimant = _subject_of(window[:_end_of_words(window, len(words))].rstrip())
        if claimant and not is_generic(claimant):
            return claimant
        generic = generic or claimant
    return generic


def is_generic(phrase: str) -> bool:
    """Tell whether a claimant names a crowd ("residents", "Turkish officials"), not somebody."""
    words = phrase.split()
    return words[-1].lower() in GENERIC_NOUNS and len(words) <= 2


def _end_of_words(window: str, count: int) -> int:
    """Return where the first count words of window end."""
    end = 0
    for match in islice(WORDS.finditer(window), count):
        end = match.end()
    return end


def _subject_of(prefix: str) -> str | None:
    """Return the noun phrase ending a prefix, preferring a name in an appositive."""
    head, comma, description = prefix.rpartition(", ")
    if comma and _is_description(description):
        # "Bülent Yıldırım, the general director of the IHH Foundation said" names him.
        name = _trailing_phrase(head)
        if name and _is_name(name) and name == _clean(head):
            return name
    if prefix.endswith(","):
        head, _, appositive = prefix[:-1].rpartition(",")
        candidates = [_trailing_phrase(head), _trailing_phrase(appositive)]
        names = [c for c in candidates if c and _is_name(c)]
        # "The association's Chairman, Hakki Aygun," names Hakki Aygun: a person before a title.
        return max(names, key=_as_person) if names else candidates[0]
    return _trailing_phrase(prefix)


def _trailing_phrase(prefix: str) -> str | None:
    """Return the name or role phrase that ends a clause fragment (a bounded window)."""
    clause_break = CLAUSE_BREAK.match(prefix)
    words = (prefix[clause_break.end():] if clause_break else prefix).split()
    if not words or _is_pronoun(words[-1]) or words[-1].lower() in RELATIVES:
        return None
    for phrase in (_trailing_name(words), _trailing_role(words), _trailing_plural(words)):
        if phrase and _is_subject(phrase):
            return _clean(phrase)
    return None


def _as_person(name: str) -> tuple[bool, int]:
    """Rank a name: one that is not only a title first, then the longer."""
    words = name.split()
    return words[-1].lower() not in TITLES, len(words)


def _is_description(phrase: str) -> bool:
    """Tell whether a phrase describes someone ("the general director of ..."), not names them."""
    words = phrase.split()
    return (len(words) >= 2 and words[0] in ROLE_OPENERS
            and any(word[:1].islower() and word not in NAME_JOINERS for word in words[1:3]))


def _is_name_word(word: str) -> bool:
    return NAME_WORD.fullmatch(word) is not None


def _leading_name(words: list[str]) -> str | None:
    """Return the name that opens words: capitalised words, maybe joined by "of", "von" ..."""
    if not words or not _is_name_word(words[0]):
        return None
    end, at = 1, 1
    while at < len(words):
        joined = at
        while joined < len(words) and words[joined] in NAME_JOINERS:
            joined += 1
        if joined < len(words) and _is_name_word(words[joined]):
            end = at = joined + 1
        else:
            break
    return " ".join(words[:end])


def _trailing_name(words: list[str]) -> str | None:
    """Return the name that ends words, with a leading "the" or "a" it carries."""
    name = _leading_name(words[::-1])
    if name is None:
        return None
    start = len(words) - len(name.split())
    if start and words[start - 1].lower() in DETERMINERS:
        start -= 1
    return " ".join(words[start:])


def _trailing_role(words: list[str]) -> str | None:
    """Return "the finance minister", "the association's chairman": a determiner or possessive
    and at most four more words, ending the clause."""
    for start in range(max(0, len(words) - MAX_ROLE_WORDS), len(words) - 1):
        opener = words[start]
        if opener.lower() in ROLE_OPENERS or POSSESSIVE.fullmatch(opener):
            if all(ROLE_WORD.fullmatch(word) for word in words[start + 1:]):
                return " ".join(words[start:])
    return None


def _trailing_plural(words: list[str]) -> str | None:
    """Return "Officials", "Turkish officials": a plural source, maybe with a capitalised word."""
    if words[-1].lower() not in PLURAL_SOURCES:
        return None
    start = len(words) - 1
    if start and words[start - 1][:1].isupper() and ROLE_WORD.fullmatch(words[start - 1]):
        start -= 1
    if any(word.lower() in PREPOSITIONS for word in words[max(0, start - 2):start]):
        return None  # "Letters from (local) residents claimed": the letters did
    return " ".join(words[start:])


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
    """Trim punctuation, sentence openers and a trailing "that ..." or "on Tuesday" from a phrase."""
    words = phrase.split()
    for index in range(1, len(words)):
        if CUT_WORD.match(words[index]):
            words = words[:index]
            break
    words = " ".join(words).strip(PHRASE_PUNCTUATION).split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return " ".join(words) or None


def quotations(sentence: str, accept=None) -> list[tuple[int, int]]:
    """Return the (start, end) of each quotation, marks included, as `[“"][^“”"]*[”"]` finds
    them: an opening mark up to the next mark, left to right; `accept(start, end)` may refuse one."""
    marks = [match.start() for match in QUOTE_MARK.finditer(sentence)]
    spans, index = [], 0
    while index < len(marks) - 1:
        opening, closing = marks[index], marks[index + 1] + 1
        if (sentence[opening] in OPENING_MARKS and sentence[closing - 1] in CLOSING_MARKS
                and (accept is None or accept(opening, closing))):
            spans.append((opening, closing))
            index += 2
        else:
            index += 1
    return spans


def long_quotations(sentence: str) -> list[tuple[int, int]]:
    """Return the quotations of three words or more (shorter ones are scare quotes)."""
    return quotations(sentence, lambda start, end: LONG_QUOTATION_START.match(sentence, start + 1, end - 1))


def _blank_spans(sentence: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span (in order, not overlapping) by blanks of the same length, so offsets stay put."""
    pieces, done = [], 0
    for start, end in spans:
        pieces += [sentence[done:start], " " * (end - start)]
        done = end
    pieces.append(sentence[done:])
    return "".join(pieces)


def spoken_content(sentence: str) -> str:
    """Return the quoted words of a sentence that only frames a quotation, else the sentence.

    '"We stand by our brothers," the chairman said.' becomes 'We stand by our brothers,':
    what makes a quotation check-worthy is what it says, not that somebody said it. A quote
    left open (it goes on in the next sentence) or closed without opening (it began in the
    previous one) counts too. Sentences that only quote a word or two, or whose own words
    say more than who spoke, are returned whole.
    """
    paired = quotations(sentence)
    spans = [(start + 1, end - 1) for start, end in paired]
    unpaired = [i for i, char in enumerate(_blank_spans(sentence, paired)) if char in QUOTE_MARKS]
    if len(unpaired) == 1:
        spans.append(_open_span(sentence, unpaired[0]))
    if not spans:
        return sentence
    spans = _merged(spans)
    quoted = " ".join(sentence[start:end].strip() for start, end in spans)
    frame = _blank_spans(sentence, spans)
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


def _open_span(sentence: str, index: int) -> tuple[int, int]:
    """Return the quoted span of a lone quote mark: to the end if it opens, from the start if it closes."""
    mark = sentence[index]
    opens = mark == "“" or (mark == '"' and len(sentence[:index].split()) < len(sentence[index + 1 :].split()))
    return (index + 1, len(sentence)) if opens else (0, index)
