"""@username mentions in a comment: found in one pass over the text, no regular expression."""
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
MAX_USERNAME = 64


def find_mentions(text):
    """Return the usernames mentioned as @name, in order of first mention, each once.

    An @ counts only at the start or after a character that cannot be part of a name, so
    "anna@example.org" mentions nobody; a name's trailing dots (end of a sentence) are not its own.
    """
    found, i, n = {}, 0, len(text)
    while i < n:
        if text[i] != "@" or (i > 0 and text[i - 1] in USERNAME_CHARS):
            i += 1
            continue
        j = i + 1
        while j < n and text[j] in USERNAME_CHARS:
            j += 1
        name = text[i + 1:j].rstrip(".")
        if 2 <= len(name) <= MAX_USERNAME:
            found.setdefault(name.lower(), name)
        i = max(j, i + 1)
    return list(found.values())
