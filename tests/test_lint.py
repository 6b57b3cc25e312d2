"""The code has no name that pyflakes calls undefined, redefined or unused: a second function of
one name in a module silently replaces the first, which no test of the second one notices."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_finds_nothing():
    found = subprocess.run([sys.executable, "-m", "flake8", "annotator", "bench", "load", "scripts", "tests"],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
