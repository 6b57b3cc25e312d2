"""Benchmark: start to first page, idle memory, memory once the detector has run, venv size.

    python bench/bench_footprint.py              # 5 starts
    python bench/bench_footprint.py --runs 10

Each run starts `annotator run` (the development server, as a laptop runs it) as a fresh process
on a migrated SQLite instance (after one untimed start that writes the
bytecode, as an install does), and times from process start until `GET /` answers (a redirect
to sign in), and the CPU time the server spent until then (a busy machine inflates it less). Then it reads the server's resident memory (VmRSS) after that first page, imports
one article through the API (the detector scores its sentences: the model loads then, on first
use) and reads VmRSS again. The venv size is what the app's runtime requirements (setup.cfg's
install_requires and theirs, no extras) occupy on disk, summed from each installed package's
RECORD. Targets: < 0.5 s, < 120 MiB idle.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load.harness import SECRET, app_for, free_port, new_database  # noqa: E402

ARTICLE = ("The council spent $4 million on roads in 2023, the mayor said. "
           "Unemployment fell to 3.9% last year, according to the statistics office. ") * 20


def admin_token(database, root):
    from annotator.extensions import db
    from annotator.services import accounts

    app = app_for(database, root)
    with app.app_context():
        admin = accounts.create_user("admin", "bench-admin-password", "admin")
        token = accounts.create_api_token(admin, "bench")[1]
        db.session.commit()
        db.engine.dispose()
    return token


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid):
    """Return the CPU time (user + system) a process has used: less swayed by a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request(port, method, path, body=None, token=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def one_run(database, root, token):
    port = free_port()
    # Bytecode as an installed app has it (pip compiles at install): written once, by the untimed
    # first run, under a prefix of its own (this machine's environment turns writing it off).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**environment, "PYTHONPYCACHEPREFIX": str(Path(root, "pycache")), "ANNOTATOR_DATABASE_URL": database, "ANNOTATOR_SECRET_KEY": SECRET,
           "ANNOTATOR_INSTANCE_PATH": str(root), "ANNOTATOR_PASSWORD_HASH_PROFILE": "CHEAPEST",
           "FLASK_DEBUG": "0"}
    # What the `annotator` console script runs, with this checkout's package (cwd) first on the path.
    command = [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())", "run", "--host", "127.0.0.1",
               "--port", str(port), "--no-reload", "--no-worker"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"annotator run exited with {process.returncode}")
            try:
                status = request(port, "GET", "/")
                break
            except OSError:
                time.sleep(0.005)
        first_page = time.perf_counter() - started
        idle, cpu = rss_mib(process.pid), cpu_seconds(process.pid)
        body = {"title": "Footprint", "text": ARTICLE, "source_format": "text"}
        created = request(port, "POST", "/api/v1/articles", body, token)
        if created != 201:
            raise RuntimeError(f"import answered {created}")
        return first_page, cpu, status, idle, rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(10)


def runtime_closure(name="claim-annotator"):
    """Return the installed distributions the app needs at run time (no extras), by name."""
    seen, todo = {}, [name]
    while todo:
        wanted = todo.pop()
        key = wanted.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = metadata.distribution(wanted)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    seen.pop(name, None)
    return seen


def installed_bytes(dist):
    total = 0
    for file in dist.files or []:
        path = Path(dist.locate_file(file))
        if path.is_file():
            total += path.stat().st_size
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as root:
        database = new_database(root)
        token = admin_token(database, root)
        one_run(database, root, token)  # writes the bytecode; not counted
        results = []
        for n in range(args.runs):
            first_page, cpu, status, idle, after = one_run(database, root, token)
            results.append((first_page, cpu, idle, after))
            print(f"  run {n + 1}: first page (HTTP {status}) {first_page * 1000:6.0f} ms (CPU {cpu * 1000:4.0f} ms)  "
                  f"idle RSS {idle:6.1f} MiB  after the first suggestions {after:6.1f} MiB", flush=True)
    for label, index, unit, scale in (("start to first page", 0, "ms", 1000), ("its CPU time", 1, "ms", 1000),
                                      ("idle RSS", 2, "MiB", 1), ("RSS after suggestions", 3, "MiB", 1)):
        values = [r[index] * scale for r in results]
        print(f"{label:>22}: best {min(values):7.1f} {unit}  median {statistics.median(values):7.1f} {unit}")
    sizes = {key: installed_bytes(dist) for key, dist in runtime_closure().items()}
    print(f"{'runtime venv':>22}: {sum(sizes.values()) / 1e6:7.1f} MB in {len(sizes)} packages; largest: "
          + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])[:4]))


if __name__ == "__main__":
    main()
