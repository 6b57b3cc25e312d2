"""The team install, as the README gives it: a wheel (not editable) in a fresh venv, served by
gunicorn, answers a page and a static file. The wheel must carry templates/ and static/, which
live at the top level of the repository.

Offline and fast: the wheel is built without build isolation (the setuptools already here), and
the fresh venv sees the dependencies installed in this one through a .pth file, so nothing is
downloaded; only the package itself comes from the wheel (--no-deps, --no-index).
"""
import os
import shutil
import signal
import site
import subprocess
import sys
import time
import urllib.request
import zipfile

import pytest

from annotator import ROOT
from tests.servers import free_port

LEFT_OUT = shutil.ignore_patterns(".git", ".venv", ".pytest-home", "build", "dist", "*.egg-info", "__pycache__",
                                  "node_modules", "test-results", "instance", "tests", "docs", "scripts")
SECRET = "install-test-secret-install-test-secret"


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the package installed from its wheel; returns the venv's python."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT)  # a clean tree: no build/ of an earlier run
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", str(root / "dist"), str(source))
    (wheel,) = (root / "dist").glob("claim_annotator-*.whl")
    run(sys.executable, "-m", "venv", str(root / "venv"))
    python = root / "venv" / "bin" / "python"
    venv_site = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    with open(os.path.join(venv_site, "outer-dependencies.pth"), "w") as pth:
        pth.write("\n".join(site.getsitepackages()) + "\n")
    run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel))
    return {"python": python, "wheel": wheel, "root": root, "site": venv_site}


def test_the_wheel_carries_templates_and_static_files(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert "annotator/templates/base.html" in names
    assert any(name.startswith("annotator/static/js/") for name in names)
    assert any(name.startswith("annotator/static/css/") for name in names)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_the_installed_wheel_serves_a_page_and_a_static_file_under_gunicorn(installed, tmp_path):
    python, work = installed["python"], tmp_path / "run"
    work.mkdir()
    located = run(str(python), "-c", "import annotator; print(annotator.__file__)", cwd=work)
    assert located.startswith(installed["site"]), located  # the wheel's copy, not the checkout
    env = {**os.environ, "ANNOTATOR_SECRET_KEY": SECRET, "ANNOTATOR_INSTANCE_PATH": str(work / "instance"),
           "ANNOTATOR_DATABASE_URL": "sqlite:///" + str(work / "annotator.sqlite")}
    run(str(installed["root"] / "venv" / "bin" / "annotator"), "db", "upgrade", cwd=work, env=env)
    port = free_port()
    with open(work / "gunicorn.log", "wb") as log:
        server = subprocess.Popen([str(python), "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "1",
                                   "annotator:create_app()"], cwd=work, env=env, stdout=log, stderr=log,
                                  start_new_session=True)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/login", server, work)
        css = get(f"http://127.0.0.1:{port}/static/css/app.css")
        assert page[0] == 200 and b"<form" in page[1]
        assert css[0] == 200 and len(css[1]) > 100
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def wait_for(url, server, work, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, (work / "gunicorn.log").read_text()
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    raise AssertionError((work / "gunicorn.log").read_text())
