"""Tell an article from a program or a data file pasted or uploaded by mistake.

Reads at most SAMPLE_LINES lines, so it is linear and cheap on any text. A story has sentences;
a program has lines that end in `;`, `{` or `}` or begin with a keyword, and a data file is JSON.
"""
import json
import re

SAMPLE_LINES = 200
MIN_LINES = 3  # fewer lines than this cannot be told apart: treated as an article
CODE_SHARE = 0.5
CODE_LINE = re.compile(
    r"""^\s*(?:
        (?:import|from|def|class|function|const|let|var|package|public|private|return|\#include|<\?php|
           async\s+def|fn|func|using|namespace)\b
      | [{}\])]
    )""", re.VERBOSE)
CODE_END = re.compile(r"[;{}]\s*$|\)\s*:\s*$|=>\s*$")


def looks_like(text: str) -> str:
    """Return "json", "program" or "article": what the text looks like."""
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        return "json"
    lines = [line for line in text.splitlines()[:SAMPLE_LINES] if line.strip()]
    if len(lines) < MIN_LINES:
        return "article"
    code = sum(1 for line in lines if CODE_LINE.match(line) or CODE_END.search(line))
    return "program" if code >= CODE_SHARE * len(lines) else "article"


def _is_json(text):
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # deeply nested brackets: not an article either way
        return False
        return False
    return True
