"""The workspace page preloads every module the browser code imports, and nothing else."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "static" / "js"
IMPORT = re.compile(r'^import\s+(?:[^"\']*\s+from\s+)?["\']\./([\w-]+)\.js["\']', re.MULTILINE)


def imported_modules(entry="app"):
    """Return every module reachable by imports from static/js/<entry>.js, entry excluded."""
    seen, todo = set(), [entry]
    while todo:
        for name in IMPORT.findall((JS / f"{todo.pop()}.js").read_text(encoding="utf-8")):
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return seen


def preloaded_modules():
    template = (ROOT / "templates" / "articles" / "show.html").read_text(encoding="utf-8")
    listed = re.search(r"{% for module in \(([^)]*)\) %}\s*<link rel=\"modulepreload\"", template)
    return set(re.findall(r'"([\w-]+)"', listed.group(1)))


def test_the_import_graph_is_read():
    assert {"workspace", "store", "offsets"} <= imported_modules()


def test_every_imported_module_is_preloaded_on_the_article_page():
    assert preloaded_modules() == imported_modules(), "update the modulepreload list in templates/articles/show.html"
