"""Adversarial inputs for the text functions: each maker returns about n characters built from an
alphabet that once made a pattern backtrack or a loop go quadratic (initials, quotes, runs of
spaces, markup, capitalised words, punctuation runs)."""
import random


def _repeat(unit, n, tail=""):
    return unit * max(1, (n - len(tail)) // len(unit)) + tail


MAKERS = {
    "initials": lambda n: _repeat("B. ", n, "x said it."),
    "initials_no_space": lambda n: _repeat("B.", n, " said it."),
    "short_sentences": lambda n: _repeat("He said no. ", n),
    "space_run": lambda n: "a" + " " * n + "b said it.",
    "space_lines": lambda n: _repeat(" " * 50 + "x\n", n),
    "blank_space_lines": lambda n: _repeat("\n" + " " * 20, n, "x"),
    "dot_run": lambda n: "." * n + "x",
    "punctuation_run": lambda n: _repeat("?!.…", n, "x"),
    "open_quote": lambda n: "“" + _repeat("word ", n),
    "straight_quotes": lambda n: _repeat('"a ', n),
    "short_quotes": lambda n: _repeat("“a b” said ", n),
    "closing_quotes": lambda n: _repeat("a.” ", n),
    "emphasis": lambda n: _repeat("**a ", n),
    "underscores": lambda n: _repeat("__a", n),
    "links": lambda n: _repeat("[a](", n),
    "link_targets": lambda n: _repeat("[a](b(", n),
    "brackets": lambda n: _repeat("[a ", n),
    "nested_tags": lambda n: _repeat("<b><i>", n, "x"),
    "open_tags": lambda n: _repeat("<a", n),
    "open_attributes": lambda n: _repeat('<a b="', n),
    "comments": lambda n: _repeat("<!-", n),
    "declarations": lambda n: _repeat("<!", n),
    "capitalised": lambda n: _repeat("Aaa ", n, "said it."),
    "capitalised_joined": lambda n: _repeat("Aa of ", n, "said it."),
    "speech_verbs": lambda n: _repeat("said ", n),
    "commas": lambda n: _repeat("Aa, ", n, "said it."),
    "according": lambda n: _repeat("according to ", n),
    "possessives": lambda n: _repeat("the A's ", n, "said."),
    "pronouns": lambda n: _repeat("he said ", n),
    "newlines": lambda n: _repeat("Aa\n", n),
}
ALPHABET = ["B.", "J. ", " ", "  ", "\n", "\n\n", "“", "”", '"', "‘", "’", "'", "**", "__", "[", "](", ")",
            "<b>", "</b>", "<p>", '<a href="', ">", "Aaa ", "Bob ", "Smith ", "said ", "told ", "according to ",
            "he ", ", ", ". ", "...", "?!", "…", "—", "Mr. ", "U.S. ", "the ", "minister ", "'s ", "\u202e",
            "\u200b", "\u00a0", "3%", "(", "&amp;"]


def mixed(n, seed=0):
    """Return about n characters drawn from the whole adversarial alphabet."""
    pick = random.Random(seed).choice
    pieces, size = [], 0
    while size < n:
        piece = pick(ALPHABET)
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)


def article(n, seed=0):
    """Return about n characters of plausible article text: paragraphs of attributed sentences."""
    rng = random.Random(seed)
    names = ["Jane Doe", "The minister", "Officials", "Dr. Maria Lopez", "He"]
    verbs = ["said", "told reporters", "claimed", "warned"]
    paragraphs, size = [], 0
    while size < n:
        sentences = [f"{rng.choice(names)} {rng.choice(verbs)} prices rose {rng.randrange(100)} percent in "
                     f"{rng.choice(['May', 'June', 'the north'])}." for _ in range(rng.randrange(1, 6))]
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)
