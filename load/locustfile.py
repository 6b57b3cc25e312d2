"""Annotators and reviewers working through the real API with their personal API tokens.

Run by load/run_load.py, or by hand against an instance it seeded:

    LOAD_SEED=/tmp/x/seed.json LOAD_ACKS=/tmp/x/acks.txt \
        locust -f load/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000

LOAD_SEED names the JSON file of tokens and article ids that run_load.py writes. Every save
carries a unique marker (the claimant of a new claim, the notes of a changed one) and new claims
an Idempotency-Key; each acknowledged save is appended to LOAD_ACKS as "<kind> <marker> <ms>" so that
run_load.py can compare them with the database afterwards.
"""
import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, events, task

SEED = json.loads(open(os.environ["LOAD_SEED"]).read())
ACKS = open(os.environ["LOAD_ACKS"], "a", buffering=1)
TOKENS = {role: itertools.cycle([t for r, t in SEED["tokens"].values() if r == role])
          for role in ("annotator", "reviewer")}
RETRIES = 3


@events.quitting.add_listener
def close_acks(**_kwargs):
    ACKS.close()


def acknowledge(kind, marker, response):
    """Note an acknowledged save and how long it took, in milliseconds."""
    ACKS.write(f"{kind} {marker} {response.request_meta['response_time']:.2f}\n")


class ApiUser(HttpUser):
    abstract = True
    role = None

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {next(TOKENS[self.role])}"
        self.article_id = random.choice(SEED["articles"])

    def read(self, path, name):
        self.client.get("/api/v1" + path, name=name)


class Annotator(ApiUser):
    weight = 4
    role = "annotator"
    wait_time = between(0.5, 2.0)

    def on_start(self):
        super().on_start()
        self.claims = []  # [id, version] of claims this annotator made

    @task(4)
    def mark_claim(self):
        marker = "m:" + uuid.uuid4().hex
        start = random.randrange(0, SEED["text_length"] - 30)
        body = {"start": start, "end": start + random.randint(8, 25), "claimant": marker}
        # A dropped connection is retried with the same key: the claim must exist once.
        for _ in range(RETRIES):
            with self.client.post(f"/api/v1/articles/{self.article_id}/claims", json=body, name="save: create claim",
                                  headers={"Idempotency-Key": marker}, catch_response=True) as response:
                if response.status_code in (200, 201):
                    acknowledge("create", marker, response)
                    self.claims.append([response.json()["data"]["id"], response.json()["data"]["version"]])
                    return
                if response.status_code != 0:
                    return

    @task(3)
    def change_notes(self):
        if not self.claims:
            return
        claim = random.choice(self.claims)
        marker = "m:" + uuid.uuid4().hex
        with self.client.patch(f"/api/v1/claims/{claim[0]}", json={"notes": marker, "version": claim[1]},
                               name="save: change notes", catch_response=True) as response:
            if response.status_code == 200:
                acknowledge("update", marker, response)
                claim[1] = response.json()["data"]["version"]
            elif response.status_code == 409:
                # Someone else (a reviewer) moved the claim on: take the current version, as the page does.
                claim[1] = response.json()["error"].get("current", {}).get("version", claim[1])
                response.success()

    @task(2)
    def read_article(self):
        self.read(f"/articles/{self.article_id}", "read article")

    @task(1)
    def submit_claim(self):
        if not self.claims:
            return
        claim = self.claims.pop(0)
        with self.client.post(f"/api/v1/claims/{claim[0]}/submit", json={"version": claim[1]},
                              name="submit claim", catch_response=True) as response:
            if response.status_code == 409:
                response.success()


class Reviewer(ApiUser):
    weight = 1
    role = "reviewer"
    wait_time = between(1.0, 3.0)

    @task(3)
    def read_article(self):
        self.read(f"/articles/{self.article_id}/claims", "list claims")

    @task(1)
    def read_queue(self):
        self.read("/review/queue", "review queue")

    @task(2)
    def approve_one(self):
        response = self.client.get(f"/api/v1/articles/{self.article_id}/claims", name="list claims")
        submitted = [c for c in response.json()["data"] if c["review_state"] == "submitted"] if response.ok else []
        if not submitted:
            return
        claim = random.choice(submitted)
        with self.client.post(f"/api/v1/claims/{claim['id']}/approve", json={"version": claim["version"]},
                              name="approve claim", catch_response=True) as answer:
            if answer.status_code == 409:
                answer.success()  # another reviewer, or the annotator, got there first
