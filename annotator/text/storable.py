"""What no column can store, found before anything is parsed deeply or written.

- Nesting: Python's JSON decoder recurses once a level; 100,000 `[` is a RecursionError (a 500
  where it is not caught), and a few hundred levels still make every later walk recurse.
  nesting_depth() counts levels in linear time without parsing, so a body can be refused first.
- NUL: PostgreSQL text cannot hold U+0000 (a driver error, so a 500), and nothing we keep needs it.
- Lone surrogates: JSON may escape one ("\\ud800"); no UTF-8 text, column or page can hold it.
"""
import re
from itertools import accumulate

MAX_JSON_DEPTH = 64  # the native format needs 6; an API body 2

# Escapes first, then strings: with no escape left a string is "[^"]*", which the search finds in
# linear time (a pattern with escapes rescans to the end from every escaped quote: quadratic).
# Outside strings a backslash is invalid JSON, where the decoder stops before nesting deeper.
_ESCAPE = re.compile(rb"\\.", re.S)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def nesting_depth(raw):
    """Return how deeply the arrays and objects of JSON text (bytes or str) nest, without parsing."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    brackets = _STRING.sub(b"", _ESCAPE.sub(b"", raw)).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def unstorable_reason(text):
    """Return why a string cannot be stored (a NUL, a lone surrogate), or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return "holds a NUL character (U+0000)" if found.group() == "\x00" else \
        f"holds a lone surrogate (U+{ord(found.group()):04X}), which is not valid Unicode"


def find_unstorable(value):
    """Return (path, reason) for the first string (or key) in a JSON value that cannot be stored,
    or None; path is the list of keys and indexes that lead to it."""
    stack = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            reason = unstorable_reason(item)
            if reason:
                return list(path), reason
        elif isinstance(item, dict):
            for key, child in item.items():
                if (reason := unstorable_reason(key)) is not None:
                    return list(path), "has a key that " + reason  # the key itself cannot be shown
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
    return None


def replace_unstorable(text):
    """Return text with each lone surrogate replaced by U+FFFD, for showing rows stored earlier."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
