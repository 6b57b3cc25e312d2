"""The password policy (NIST SP 800-63B): length, a blocklist of common passwords, no composition rules."""
import pytest

from annotator.limits import PASSWORD_CHARS as MAX_LENGTH
from annotator.services.passwords import common_passwords, password_problem

MIN = 15


@pytest.mark.parametrize("password", [
    "correct horse battery", "a long enough password", "Tr0ub4dor&3 at the station", "x9#k2!m4@q7$w1%e",
    "ünïcödé phrase ok", "all lower case and no digits at all",
])
def test_long_uncommon_passwords_pass_without_composition_rules(password):
    assert password_problem(password, MIN) is None


def test_64_characters_and_more_are_accepted():
    assert password_problem("four words make a phrase; " * 9, MIN) is None  # 234 characters


@pytest.mark.parametrize("password", ["password12", "Password12", "password123456789", "P@ssw0rd!!!!!!!!!!",
                                      "iloveyouiloveyou", "dragon-84719-28461", "1q2w3e4r5t6y7u8i9o0p",
                                      "  password  12345  "])
def test_common_passwords_and_their_decorations_are_refused(password):
    # With the NIST minimum of 8, the blocklist still refuses what the length would have let through.
    assert "common passwords" in password_problem(password, 8)


@pytest.mark.parametrize("password", ["zzzzzzzzzzzzzzzz", "123456789012345678", "abcdefghijklmnop",
                                      "qwertyuiopasdfgh", "poiuytrewqlkjhgf", "abababababababab"])
def test_repeated_counted_and_keyboard_passwords_are_refused(password):
    assert password_problem(password, 8) is not None


def test_too_short_and_too_long_are_refused():
    assert "at least 15" in password_problem("fourteen chars", MIN)
    assert f"at most {MAX_LENGTH}" in password_problem("x" * (MAX_LENGTH + 1) + "abcde", MIN)


@pytest.mark.parametrize("password,context", [
    ("annotator2024annotator", ()), ("claim annotator 2024!", ()), ("ritasmith-ritasmith-1", ("ritasmith",)),
    ("Rita Smith 1234567", ("rita", "Rita Smith")),
])
def test_passwords_built_on_the_account_or_the_service_are_refused(password, context):
    assert "username" in password_problem(password, MIN, context)


def test_a_context_word_inside_a_real_phrase_is_fine():
    assert password_problem("rita rides seven purple camels", MIN, ("rita",)) is None


def test_the_blocklist_ships_thousands_of_passwords():
    blocklist = common_passwords()
    assert len(blocklist) > 5000
    assert {"password", "123456", "qwerty", "iloveyou"} <= blocklist
    assert all(word == word.casefold() for word in blocklist)
