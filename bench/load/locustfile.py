"""The newsroom's day as locust users: run headless by bench/load/run.py, never by hand needed.

Desk users (LOAD_USERS of them, each a checker of team "load" from the plan that prepare.py
wrote) log in together, then, pausing 2-6 s between actions like a person reading, open the
document list, the desk of the 5,000-sentence document, claims (htmx), edit their own claim
through the desk (htmx) and the API, post comments through the review page (htmx) and the API,
and look at the review queue. One importer user uploads a fresh ~1 MB article through the API
and follows its job until it ends, again and again, so that an import is running throughout.

Every write that the server answered with success is recorded (its unique token) into
LOAD_WRITES at the end, for bench/load/verify.py to check that each was stored exactly once.
With LOAD_HTTPS=1 (the production stack, DEBUG off: secure cookies, HTTPS-only CSRF) requests
say they came through the TLS proxy, and the secure cookies are sent over loopback http.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
import uuid

from locust import HttpUser, between, events, task

sys.path.insert(0, os.path.dirname(__file__))
from cookies import send_secure_cookies_over_http

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _plan:
    PLAN = json.load(_plan)
HTTPS = os.environ.get("LOAD_HTTPS") == "1"
if HTTPS:
    send_secure_cookies_over_http()
IMPORT_SENTENCES = int(os.environ.get("LOAD_IMPORT_SENTENCES", "10000"))
_next_user = itertools.count()
WRITES: dict[str, list] = {"comments": [], "edits": [], "imports": [], "logins": []}
# Everyone logs in at once; once the last has, the statistics restart so that the table shows
# the working day, and the burst is reported from WRITES["logins"] on its own.
EXPECTED_LOGINS = int(os.environ.get("LOAD_USERS", "0"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Newsroom(HttpUser):
    abstract = True

    def on_start(self) -> None:
        if HTTPS:
            self.client.headers["X-Forwarded-Proto"] = "https"
        origin = ("https://" if HTTPS else "http://") + self.host.split("://", 1)[1]
        self.client.headers["Referer"] = origin + "/"
        self.me = PLAN["users"][next(_next_user) % len(PLAN["users"])]
        self.log_in()

    def log_in(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text)
        started = time.perf_counter()
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.me["username"],
                "password": self.me["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            ok = response.status_code == 302
            if not ok:
                response.failure(f"login answered {response.status_code}")
        WRITES["logins"].append([ok, (time.perf_counter() - started) * 1000])
        if len(WRITES["logins"]) == EXPECTED_LOGINS:
            self.environment.stats.reset_all()

    def csrf_headers(self, htmx: bool = False) -> dict:
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return headers


class DeskUser(Newsroom):
    weight = 50
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        self.version = self.me["version"]

    @task(2)
    def document_list(self):
        self.client.get("/", name="document list")

    @task(1)
    def desk(self):
        self.client.get(f"/documents/{PLAN['document']}/", name="desk (5,000 sentences)")

    @task(4)
    def open_claim(self):
        claim = random.choice(PLAN["claims"])
        self.client.get(
            f"/desk/claims/{claim}/", headers={"HX-Request": "true"}, name="open claim (htmx)"
        )

    @task(2)
    def edit_claim_page(self):
        token = uuid.uuid4().hex
        data = {
            "restatement": f"Restated {token}",
            "claimant": "The mayor",
            "verdict": "",
            "assignee": str(self.me["user_id"]),
            "notes": f"<p>note {token}</p>",
            "version": str(self.version),
        }
        with self.client.post(
            f"/desk/claims/{self.me['claim']}/edit/",
            data=data,
            headers=self.csrf_headers(htmx=True),
            name="edit claim (htmx)",
            catch_response=True,
            allow_redirects=False,  # a logged-out user's write is a redirect: not a success
        ) as response:
            self._edited(response, token)

    @task(2)
    def edit_claim_api(self):
        token = uuid.uuid4().hex
        with self.client.patch(
            f"/api/claims/{self.me['claim']}/",
            json={"version": self.version, "notes": f"<p>note {token}</p>"},
            headers=self.csrf_headers(),
            name="edit claim (API)",
            catch_response=True,
            allow_redirects=False,  # a logged-out user's write is a redirect: not a success
        ) as response:
            self._edited(response, token)

    def _edited(self, response, token: str) -> None:
        if response.status_code == 200:
            self.version += 1
            WRITES["edits"].append([self.me["claim"], token, time.time()])
            response.success()
        else:
            response.failure(f"edit answered {response.status_code}")
            self._reload_version()

    def _reload_version(self) -> None:
        answer = self.client.get(f"/api/claims/{self.me['claim']}/", name="reload claim (API)")
        if answer.status_code == 200:
            self.version = answer.json()["version"]

    @task(2)
    def comment_page(self):
        token = uuid.uuid4().hex
        with self.client.post(
            f"/review/claims/{self.me['claim']}/comments/",
            data={"body": f"<p>comment {token}</p>"},
            headers=self.csrf_headers(htmx=True),
            name="comment (htmx)",
            catch_response=True,
            allow_redirects=False,  # a logged-out user's write is a redirect: not a success
        ) as response:
            self._commented(response, token)

    @task(1)
    def comment_api(self):
        token = uuid.uuid4().hex
        with self.client.post(
            "/api/comments/",
            json={"claim": self.me["claim"], "body": f"<p>comment {token}</p>"},
            headers=self.csrf_headers(),
            name="comment (API)",
            catch_response=True,
            allow_redirects=False,  # a logged-out user's write is a redirect: not a success
        ) as response:
            self._commented(response, token)

    def _commented(self, response, token: str) -> None:
        if response.status_code in (200, 201):
            WRITES["comments"].append(token)
            response.success()
        else:
            response.failure(f"comment answered {response.status_code}")

    @task(2)
    def review_queue(self):
        self.client.get("/review/", name="review queue")


class Importer(Newsroom):
    """Keeps an import running: upload, follow the job (as its page does), upload the next."""

    fixed_count = 1
    wait_time = between(1, 2)

    @task
    def import_article(self):
        title = f"Load import {uuid.uuid4().hex}"
        sentences = " ".join(
            f"Line {i} of {title} reports {i} new cases." for i in range(IMPORT_SENTENCES)
        )
        body = f"{title}\n\n{sentences}".encode()
        with self.client.post(
            "/api/imports/",
            files={"files": (f"{title}.txt", body, "text/plain")},
            headers=self.csrf_headers(),
            name="import (API upload)",
            catch_response=True,
            allow_redirects=False,  # a logged-out user's write is a redirect: not a success
        ) as response:
            if response.status_code != 202:
                response.failure(f"import answered {response.status_code}")
                return
            job = response.json()[0]["id"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            answer = self.client.get(f"/api/jobs/{job}/", name="job progress (API)")
            self.client.get(f"/jobs/{job}/", name="job page")
            if answer.status_code == 200 and answer.json()["status"] in ("succeeded", "failed"):
                if answer.json()["status"] == "succeeded":
                    WRITES["imports"].append([job, title])
                break
            time.sleep(1)


@events.test_stop.add_listener
def _save_writes(environment, **kwargs) -> None:
    path = os.environ.get("LOAD_WRITES")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(WRITES, handle)
