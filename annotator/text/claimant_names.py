"""Matching a claimant as typed (or as the detector read it) to a claimant record, by name.

A record is found under folded keys (record_keys): its name and each alias ("name", "alias"),
and its name's last word ("surname"). Folding ignores case and diacritics ("Çavuşoğlu" is
"cavusoglu") and a leading article ("the foreign minister" is "foreign minister"), so a role
phrase matches when an alias says it. A typed name matches (choose):
1. a record whose name or alias it is, when exactly one record has it;
2. else, a single typed word that is exactly one record's surname ("Cavusoglu");
3. else, titles then a surname ("Foreign Minister Cavusoglu"), the surname as in 2.
Two records under the same key match neither: an ambiguous name stays unlinked.
Every function is linear in its input, which is cut at MAX_NAME_CHARS first.
"""
from typing import Iterable, NamedTuple

from annotator.text.search_query import WORD, fold

MAX_NAME_CHARS = 300
ARTICLES = frozenset({"the", "a", "an"})
# Letters NFKD does not take apart into a base letter and a mark.
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})
# Words that may stand before a surname in place of a given name ("Foreign Minister Cavusoglu").
TITLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady president vice prime foreign interior finance defence defense
health education justice deputy minister secretary chancellor premier governor mayor senator sen rep
representative congressman congresswoman councillor councilor chairman chairwoman chair chief general
gen judge ambassador spokesman spokeswoman spokesperson king queen prince princess pope
""".split())
NAME_KINDS = ("name", "alias")


class Key(NamedTuple):
    claimant_id: int
    key: str
    kind: str  # "name", "alias" or "surname"


def name_words(name: str) -> list[str]:
    """Return the folded words of name (case, diacritics and a leading article dropped)."""
    # Folded before it is split: a combining mark (İ is i and a dot) would otherwise split a word.
    # casefold() again: NFKD may give capitals (a circled or squared letter is one).
    words = WORD.findall(fold(name[:MAX_NAME_CHARS]).translate(_LETTERS).casefold())
    return words[1:] if len(words) > 1 and words[0] in ARTICLES else words


def name_key(name: str) -> str:
    """Return the key a name is found under ("" for a name with no letters or digits)."""
    return " ".join(name_words(name))[:MAX_NAME_CHARS]


def record_keys(claimant_id: int, name: str, aliases: Iterable[str] = ()) -> set[Key]:
    """Return the keys a record is found under: its name, its aliases, its name's surname."""
    keys = {Key(claimant_id, name_key(name), "name")}
    keys.update(Key(claimant_id, name_key(alias), "alias") for alias in aliases)
    words = name_words(name)
    if len(words) > 1:
        keys.add(Key(claimant_id, words[-1], "surname"))
    return {k for k in keys if k.key}


def lookup_keys(typed: str) -> tuple[str, str | None]:
    """Return the keys to look a typed name up under: the whole, and the surname after titles."""
    words = name_words(typed)
    surname = words[-1] if len(words) > 1 and all(w in TITLES for w in words[:-1]) else None
    return " ".join(words)[:MAX_NAME_CHARS], surname


def _only(ids: set) -> int | None:
    return next(iter(ids)) if len(ids) == 1 else None


def choose(typed: str, keys: Iterable[Key]) -> int | None:
    """Return the id of the one record typed names, or None (no record, or more than one).

    keys: at least every Key whose key is one of lookup_keys(typed) (more are ignored)."""
    whole, surname = lookup_keys(typed)
    if not whole:
        return None
    named, by_surname, by_title_surname = set(), set(), set()
    for k in keys:
        if k.key == whole and k.kind in NAME_KINDS:
            named.add(k.claimant_id)
        elif k.key == whole and k.kind == "surname" and " " not in whole:
            by_surname.add(k.claimant_id)
        elif surname is not None and k.key == surname and k.kind == "surname":
            by_title_surname.add(k.claimant_id)
    if named:
        return _only(named)
    return _only(by_surname) if by_surname else _only(by_title_surname)


class ClaimantIndex:
    """The keys of many records in memory (a batch link, the tests): match() without a database."""

    def __init__(self, records: Iterable[tuple[int, str, Iterable[str]]]):
        self.keys: dict[str, list[Key]] = {}
        for claimant_id, name, aliases in records:
            for key in record_keys(claimant_id, name, aliases):
                self.keys.setdefault(key.key, []).append(key)

    def match(self, typed: str) -> int | None:
        found = [k for key in lookup_keys(typed) if key for k in self.keys.get(key, ())]
        return choose(typed, found)
