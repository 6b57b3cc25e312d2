"""The password policy, after NIST SP 800-63B: long enough, not common, not about this account.

No composition rules (no "one digit, one capital"): length and a blocklist are what resist
guessing. Pure functions of strings; the accounts service supplies the configured minimum.
"""
import string
from functools import lru_cache
from importlib import resources

from annotator.limits import PASSWORD_CHARS

MIN_DISTINCT_CHARACTERS = 5
# Words about this service that no password should rest on (SP 800-63B's "context-specific words").
SERVICE_WORDS = ("annotator", "claimannotator", "claim annotator", "factcheck", "fact check", "factchecker")
# What people put around a common word to pass a check: "password12", "!dragon2024".
# Keyboard walks, read along the rows and down the columns of a QWERTY keyboard.
KEYBOARD_WALKS = ("1234567890qwertyuiopasdfghjklzxcvbnm", "0987654321poiuytrewqlkjhgfdsamnbvcxz",
                  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp")
DECORATION = string.digits + string.punctuation + string.whitespace
COMMON_MESSAGE = ("That password is on the list of common passwords attackers try first. "
                  "A phrase of three or four unrelated words is long and easy to remember.")


@lru_cache(maxsize=1)
def common_passwords():
    """Return the shipped blocklist, case-folded."""
    text = resources.files("annotator").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def password_problem(password, min_length, context=()):
    """Return what is wrong with password as a new password, or None when it is acceptable.

    context: the account's own words (username, display name), refused like the service's name.
    """
    if len(password) < min_length:
        return f"Use at least {min_length} characters; a phrase of unrelated words works well."
    if len(password) > PASSWORD_CHARS:
        return f"Use at most {PASSWORD_CHARS} characters."
    folded = password.casefold()
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS or is_sequence(folded) or is_keyboard_walk(folded):
        return "That password repeats, counts or walks the keyboard; choose one that is harder to guess."
    if any(form in common_passwords() for form in variants(folded)):
        return COMMON_MESSAGE
    if rests_on(folded, context_words(context)):
        return "Do not build the password on your username, your name or this service's name."
    return None


def variants(folded):
    """Return the forms of a password a guesser would try from the list."""
    core = folded.strip(DECORATION)
    return {folded, core, "".join(core.split()), repeated_unit(core)}


def repeated_unit(text):
    """Return the shortest string text repeats ("abcabc" -> "abc"), or text itself."""
    position = (text + text).find(text, 1)
    return text[:position] if 0 < position < len(text) else text


def is_sequence(password):
    """Tell whether each character steps from the last by the same -1, 0 or +1 ("123456...", "zyxw...")."""
    steps = {ord(b) - ord(a) for a, b in zip(password, password[1:])}
    # Digits wrap around: "...7890123..."
    steps = {1 if step == -9 else -1 if step == 9 else step for step in steps} if password.isdigit() else steps
    return len(steps) == 1 and steps <= {-1, 0, 1}


def is_keyboard_walk(folded):
    """Tell whether the password runs along the keyboard, either way ("qwertyuiop", "poiuytrewq")."""
    return any(folded in walk or folded in walk[::-1] for walk in KEYBOARD_WALKS)


def context_words(context):
    """Return the case-folded words a password must not rest on, with the service's own."""
    words = {word.casefold().strip() for word in (*context, *SERVICE_WORDS) if word}
    return {word for word in words if len(word) >= 3}


def rests_on(folded, words):
    """Tell whether little is left of the password once the context words are taken out."""
    rest = folded
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    if rest == folded:
        return False
    letters = "".join(ch for ch in rest if ch not in DECORATION)
    return len(letters) < 6 or any(form in common_passwords() for form in variants(rest))
