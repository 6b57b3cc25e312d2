"""One adapter per tool: start it on 127.0.0.1 in a data dir of its own, sign in, load work, export.

Each adapter speaks only the tool's own REST API (doccano's bulk load is its JSONL upload, Label
Studio's its task import with annotations, ours its native import). Standard library only.
"""
import http.client
import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

PASSWORD = "peers-bench-password-1"
SECRET = "peers-bench-secret-not-for-production"
LS_CONFIG = ('<View><Labels name="label" toName="text"><Label value="Claim"/></Labels>'
             '<Text name="text" value="$text"/></View>')


class Http:
    """A keep-alive connection to one server, with the tool's auth headers."""

    def __init__(self, port, headers=None, timeout=600):
        self.port, self.headers, self.timeout = port, headers or {}, timeout
        self.connection = None

    def send(self, method, path, body=None, headers=None):
        """Return (status, raw body bytes); bodies that are not bytes are sent as JSON."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        if body is not None and not isinstance(body, bytes):
            body, headers = json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
        try:
            self.connection.request(method, path, body, {**self.headers, **(headers or {})})
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def json(self, method, path, body=None, expect=(200, 201), headers=None):
        status, raw = self.send(method, path, body, headers)
        if status not in expect:
            raise RuntimeError(f"{method} {path} answered {status}: {raw[:300]!r}")
        return json.loads(raw) if raw else None

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def session_rss_mib(sid):
    """Sum the resident memory of every process in session sid (a server and its workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid:
                status = (stat.parent / "status").read_text()
                total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def multipart(field, filename, data):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


class Tool:
    """A server in its own session (so its workers can be counted and killed together)."""

    name = ""

    def __init__(self, venv, home, port):
        self.venv, self.home, self.port = Path(venv), Path(home), port
        self.data = self.home / "data"
        self.processes = []

    def environment(self):
        home = str(self.home)
        return {"PATH": f"{self.venv}/bin:/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": f"{home}/.config",
                "XDG_CACHE_HOME": f"{home}/.cache", "XDG_DATA_HOME": f"{home}/.local/share", "HF_HOME": f"{home}/hf",
                "LANG": "C.UTF-8", "TMPDIR": home}

    def run(self, *command):
        subprocess.run(command, env=self.environment(), cwd=self.home, check=True,
                       stdout=subprocess.DEVNULL, stderr=open(self.home / "setup.log", "ab"))

    def spawn(self, *command):
        log = open(self.home / "server.log", "ab")
        self.processes.append(subprocess.Popen(command, env=self.environment(), cwd=self.home, stdout=log,
                                               stderr=log, start_new_session=True))

    def start(self, team=True):
        """Start the server (as a team runs it, or as one person does); return the seconds to its first page."""
        started = time.perf_counter()
        self.launch(team)
        while True:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"{self.name} exited; see {self.home}/server.log")
            try:
                status, _ = Http(self.port, timeout=5).send("GET", self.first_page)
                if status < 500:
                    return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.01)

    def add_article(self, api, text, spans):
        """Add a document with its spans, one API call a span; return the document's id."""
        document = self.add_document(api, text)
        for start, end in spans:
            if self.add_span(api, document, start, end) not in (200, 201):
                raise RuntimeError(f"{self.name} refused the span {start}-{end}")
        return document

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def close_panel(self, page):
        """Nothing to close: a click on another span opens that one."""

    def rss_mib(self):
        return sum(session_rss_mib(p.pid) for p in self.processes)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []

    def venv_mb(self):
        return sum(f.stat().st_size for f in self.venv.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


class Ours(Tool):
    name, first_page, username = "ours", "/login", "admin"

    def environment(self):
        return {**super().environment(), "ANNOTATOR_INSTANCE_PATH": str(self.data), "ANNOTATOR_SECRET_KEY": SECRET,
                "ANNOTATOR_DATABASE_URL": f"sqlite:///{self.data}/annotator.sqlite",
                # The same spans in every tool: no machine suggestions on import.
                "ANNOTATOR_SUGGESTION_THRESHOLD": "2"}

    def prepare(self):
        """Migrate, create the admin and an API token; return the API client."""
        self.data.mkdir(parents=True, exist_ok=True)
        python = str(self.venv / "bin/python")
        self.run(python, "-c", "from annotator.cli import main; main()", "setup")
        code = ("from annotator import create_app; from annotator.extensions import db; "
                "from annotator.services import accounts; app = create_app()\n"
                "with app.app_context():\n"
                f"    u = accounts.create_user('admin', {PASSWORD!r}, 'admin')\n"
                f"    open({str(self.home / 'token')!r}, 'w').write(accounts.create_api_token(u, 'peers')[1])\n"
                "    db.session.commit()")
        self.run(python, "-c", code)

    def launch(self, team=True):
        python = str(self.venv / "bin/python")
        if not team:  # the one-line laptop start of the README: `annotator run`
            return self.spawn(python, "-c", "from annotator.cli import main; main()", "run", "--host", "127.0.0.1",
                              "--port", str(self.port), "--no-reload", "--no-worker")
        self.spawn(python, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(2 * (os.cpu_count() or 1) + 1), "--threads", "4", "--worker-class", "gthread",
                   "--keep-alive", "30", "--log-level", "warning", "annotator:create_app()")

    def client(self):
        return Http(self.port, {"Authorization": "Bearer " + (self.home / "token").read_text()})

    def add_document(self, api, text):
        return api.json("POST", "/api/v1/articles", {"title": "Peers article", "text": text,
                                                     "source_format": "text"})["data"]["id"]

    def add_span(self, api, document, start, end):
        return api.send("POST", f"/api/v1/articles/{document}/claims", {"start": start, "end": end})[0]

    def add_bulk(self, api, text, spans, copies):
        document = self.add_article(api, text, spans)
        _, native = api.send("GET", f"/api/v1/articles/{document}/export?format=json")
        for _ in range(copies - 1):
            api.json("POST", "/api/v1/imports", native, headers={"Content-Type": "application/json"})

    def export(self, api):
        status, body = api.send("GET", "/api/v1/exports?format=jsonl")
        return status, len(body)

    span_selector, panel_selector = "#article-text mark.hl[data-claims]", "#claim-editor"

    def page_url(self, document):
        return f"/articles/{document}"

    def sign_in(self, page):
        page.goto(self.base + "/login")
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)


class Doccano(Tool):
    name, first_page, username = "doccano", "/", "admin"

    def environment(self):
        # What `doccano` sets before it starts Django (backend/cli.py), for this data dir.
        return {**super().environment(), "DOCCANO_HOME": str(self.data), "STANDALONE": "True",
                "DJANGO_SETTINGS_MODULE": "config.settings.production", "MEDIA_ROOT": f"{self.data}/media",
                "DATABASE_URL": f"sqlite:///{self.data}/db.sqlite3"}

    def prepare(self):
        doccano = str(self.venv / "bin/doccano")
        self.run(doccano, "init")
        self.run(doccano, "createuser", "--username", "admin", "--password", PASSWORD)

    def launch(self, team=True):
        # `doccano webserver` binds 0.0.0.0: run the same gunicorn (its worker count) on the loopback address.
        backend = next(self.venv.glob("lib/python*/site-packages/backend"))
        self.spawn(str(self.venv / "bin/gunicorn"), "config.wsgi", "--chdir", str(backend), "--bind",
                   f"127.0.0.1:{self.port}", "--workers", str(2 * (os.cpu_count() or 1) + 1), "--log-level", "warning")
        self.spawn(str(self.venv / "bin/doccano"), "task")

    def client(self):
        api = Http(self.port)
        key = api.json("POST", "/v1/auth/login/", {"username": "admin", "password": PASSWORD})["key"]
        api.headers = {"Authorization": "Token " + key}
        return api

    def project(self, api):
        if not hasattr(self, "project_id"):
            self.project_id = api.json("POST", "/v1/projects", {
                "name": "peers", "description": "peers", "guideline": "", "project_type": "SequenceLabeling",
                "resourcetype": "SequenceLabelingProject", "allow_overlapping": True, "grapheme_mode": False,
                "use_relation": False, "random_order": False, "collaborative_annotation": False, "tags": []})["id"]
            self.label_id = api.json("POST", f"/v1/projects/{self.project_id}/span-types", {
                "text": "claim", "background_color": "#fbbf24", "text_color": "#000000"})["id"]
        return self.project_id

    def add_document(self, api, text):
        return api.json("POST", f"/v1/projects/{self.project(api)}/examples", {"text": text, "meta": {}})["id"]

    def add_span(self, api, document, start, end):
        return api.send("POST", f"/v1/projects/{self.project(api)}/examples/{document}/spans",
                        {"start_offset": start, "end_offset": end, "label": self.label_id})[0]

    def add_bulk(self, api, text, spans, copies):
        line = json.dumps({"text": text, "label": [[s, e, "claim"] for s, e in spans]})
        body, headers = multipart("filepond", "work.jsonl", "\n".join([line] * copies).encode())
        status, upload = api.send("POST", "/v1/fp/process/", body, headers)
        task = api.json("POST", f"/v1/projects/{self.project(api)}/upload", {
            "uploadIds": [upload.decode()], "format": "JSONL", "task": "SequenceLabeling",
            "column_data": "text", "column_label": "label"})["task_id"]
        self.wait_task(api, task)

    def wait_task(self, api, task):
        while True:
            state = api.json("GET", f"/v1/tasks/status/{task}")
            if state.get("error"):
                raise RuntimeError(f"doccano task failed: {state['error']}")
            if state.get("ready"):
                return state
            time.sleep(0.05)

    def export(self, api):
        project = self.project(api)
        task = api.json("POST", f"/v1/projects/{project}/download", {"format": "JSONL", "exportApproved": False})
        self.wait_task(api, task["task_id"])
        status, body = api.send("GET", f"/v1/projects/{project}/download?taskId={task['task_id']}")
        return status, len(body)

    # v-annotator draws each span's label as an SVG group; a click opens the label menu.
    span_selector, panel_selector = "svg g[style*='cursor: pointer']", ".menuable__content__active"

    def page_url(self, document):
        return f"/projects/{self.project_id}/sequence-labeling?page=1"  # the article is the first example

    def sign_in(self, page):
        page.goto(self.base + "/auth")
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("[data-test=delete-button]").click()  # doccano's name for its Login button
        page.wait_for_url(lambda url: "/auth" not in url)

    def close_panel(self, page):
        page.keyboard.press("Escape")


class LabelStudio(Tool):
    name, first_page, username = "Label Studio", "/user/login/", "admin@example.com"

    def environment(self):
        return {**super().environment(), "LABEL_STUDIO_BASE_DATA_DIR": str(self.data), "LATEST_VERSION_CHECK": "false",
                "LABEL_STUDIO_USERNAME": self.username, "LABEL_STUDIO_PASSWORD": PASSWORD,
                "LABEL_STUDIO_USER_TOKEN": "peers" + uuid.UUID(int=7).hex[:35],
                "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true", "COLLECT_ANALYTICS": "false",
                # the token API of the other two; its personal tokens expire every few minutes
                "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true"}

    def prepare(self):
        self.data.mkdir(parents=True, exist_ok=True)
        self.start()  # the first start migrates and creates the user; not timed
        self.stop()

    def launch(self, team=True):
        self.spawn(str(self.venv / "bin/label-studio"), "start", "--no-browser", "--internal-host", "127.0.0.1",
                   "--port", str(self.port))

    def client(self):
        return Http(self.port, {"Authorization": "Token " + self.environment()["LABEL_STUDIO_USER_TOKEN"]})

    def new_project(self, api):
        return api.json("POST", "/api/projects", {"title": "peers", "label_config": LS_CONFIG})["id"]

    def import_tasks(self, api, project, tasks):
        api.json("POST", f"/api/projects/{project}/import", tasks)
        task = api.json("GET", f"/api/tasks?project={project}&page_size=1")["tasks"][0]["id"]
        self.project_of = {**getattr(self, "project_of", {}), task: project}
        return task

    def add_document(self, api, text):
        self.text = text
        return self.import_tasks(api, self.new_project(api), [{"data": {"text": text}}])

    def region(self, start, end):
        return {"from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": start, "end": end, "text": self.text[start:end], "labels": ["Claim"]}}

    def add_span(self, api, document, start, end):
        # A span in Label Studio lives in an annotation: one new annotation with one region.
        return api.send("POST", f"/api/tasks/{document}/annotations", {"result": [self.region(start, end)]})[0]

    def add_article(self, api, text, spans):
        """Import the text as a task with one annotation holding every span, as Label Studio keeps them."""
        return self.add_bulk(api, text, spans, 1)

    def add_bulk(self, api, text, spans, copies):
        self.text = text
        self.export_project = self.new_project(api)
        task = {"data": {"text": text}, "annotations": [{"result": [self.region(s, e) for s, e in spans]}]}
        return self.import_tasks(api, self.export_project, [task] * copies)

    def export(self, api):
        status, body = api.send("GET", f"/api/projects/{self.export_project}/export?exportType=JSON")
        return status, len(body)

    # A click on a region selects it and shows its details beside the text.
    span_selector, panel_selector = ".htx-highlight", ".lsf-detailed-region"

    def page_url(self, document):
        return f"/projects/{self.project_of[document]}/data?task={document}"

    def sign_in(self, page):
        page.goto(self.base + "/user/login/")
        page.locator("input[name=email]").fill(self.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: "/login" not in url)

    def close_panel(self, page):
        page.keyboard.press("Escape")


TOOLS = {"ours": Ours, "doccano": Doccano, "labelstudio": LabelStudio}
