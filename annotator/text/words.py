"""Counts in words the way a person writes them: "1 claim", "2 claims", never "claim(s)"."""


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """Return number and the noun in the form that number takes."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
