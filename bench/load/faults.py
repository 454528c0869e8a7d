"""Fault runs on a started stack: each breaks one part while work is in flight, then checks that
no document is half stored, no job is left queued or running, and the app still answers.

1. kill-worker-mid-import: kill -9 the imports worker while it imports a 7 MB article;
2. kill-worker-mid-export: kill -9 the exports worker while it exports the big document as HTML;
3. redis-restart: stop Redis (make run: kill -9, it starts Redis again itself; production:
   `redis-cli shutdown` for 15 s, then start) with an import uploaded while it is away;
4. lock-database: hold the write lock for 8 s (SQLite: BEGIN IMMEDIATE from another process;
   PostgreSQL: LOCK TABLE annotate_comment IN ACCESS EXCLUSIVE MODE) while 6 users comment;
5. media-full: mount a 512 KiB tmpfs over MEDIA_ROOT and fill it (a real ENOSPC from the
   kernel, not a mock), then upload an import and start an export; unmount.
In production nothing restarts a killed worker but the service manager; the run starts it again
the way systemd's Restart=always would. `make run` restarts it by itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cookies import send_secure_cookies_over_http

HERE = Path(__file__).resolve().parent
FINISHED = ("succeeded", "failed")


class Client:
    """A logged-in user of the stack, through the pages' login and the API."""

    def __init__(self, stack, username: str, password: str):
        self.stack, self.http = stack, requests.Session()
        if stack.https:
            send_secure_cookies_over_http()
            self.http = requests.Session()
            self.http.headers["X-Forwarded-Proto"] = "https"
        scheme = "https://" if stack.https else "http://"
        self.http.headers["Referer"] = scheme + stack.base.split("://", 1)[1] + "/"
        page = self.http.get(f"{stack.base}/accounts/login/", timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.http.post(
            f"{stack.base}/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            timeout=60,
        )

    def _headers(self) -> dict:
        return {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}

    def get(self, path: str):
        return self.http.get(self.stack.base + path, timeout=60)

    def post(self, path: str, **kwargs):
        return self.http.post(self.stack.base + path, headers=self._headers(), timeout=60, **kwargs)

    def upload(self, title: str, sentences: int):
        text = " ".join(f"Line {i} of {title} reports {i} new cases." for i in range(sentences))
        body = f"{title}\n\n{text}".encode()
        return self.post("/api/imports/", files={"files": (f"{title}.txt", body, "text/plain")})

    def job(self, job_id: int) -> dict:
        return self.get(f"/api/jobs/{job_id}/").json()

    def wait_job(self, job_id: int, until: tuple, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        job = self.job(job_id)
        while job["status"] not in until and time.monotonic() < deadline:
            time.sleep(0.3)
            job = self.job(job_id)
        return job


def run_faults(stack, out: Path) -> list[dict]:
    plan = json.loads((out / f"{stack.name}-plan.json").read_text(encoding="utf-8"))
    users = plan["users"]
    client = Client(stack, users[0]["username"], users[0]["password"])
    context = {"plan": plan, "out": out, "users": users, "big": None}
    results = []
    for fault in (kill_worker_mid_import, kill_worker_mid_export, redis_restart,
                  lock_database, media_full):  # fmt: skip
        name = fault.__name__.replace("_", "-")
        print(f"   fault: {name}", flush=True)
        try:
            result = fault(stack, client, context)
        except Exception as error:  # a broken run is a failed run, reported
            result = {"ok": False, "summary": f"the run itself broke: {error!r}"[:300]}
        settled = _settled(stack, out, plan)
        result["ok"] = bool(result["ok"] and settled["ok"])
        result["summary"] += f"; {settled['summary']}"
        results.append({"name": name, **result})
    return results


def _settled(stack, out: Path, plan: dict) -> dict:
    """No job queued or running (after the sweep had its chance), no half document, answering."""
    report = json.loads(
        stack.run(str(HERE / "verify.py"), str(out / f"{stack.name}-plan.json"), "-", "150")
        .strip()
        .splitlines()[-1]
    )
    answering = stack.answers()
    stuck, half = report["jobs"]["stuck"], report["documents"]["half"]
    summary = f"stuck jobs {len(stuck)}, half documents {len(half)}, answering {answering}"
    return {"ok": not stuck and not half and answering, "summary": summary}


def _copies(stack, title: str) -> int:
    code = (
        "import django;django.setup();from annotate.models import Document;"
        f"print(Document.objects.filter(text__contains={title!r}).count())"
    )
    return int(stack.run("-c", code).strip().splitlines()[-1])


def kill_worker_mid_import(stack, client: Client, context: dict) -> dict:
    title = f"Fault import {uuid.uuid4().hex}"
    answer = client.upload(title, 160_000)
    if answer.status_code != 202:
        return {"ok": False, "summary": f"upload answered {answer.status_code}"}
    job_id = answer.json()[0]["id"]
    job = client.wait_job(job_id, ("running", *FINISHED), 120)
    if job["status"] != "running":
        return {"ok": False, "summary": f"the job never ran ({job['status']})"}
    time.sleep(1.0)
    killed = stack.kill_worker("imports")
    stack.restart_worker("imports")
    job = client.wait_job(job_id, FINISHED, 300)
    copies = _copies(stack, title)
    context["big"] = job.get("document")
    ok = (job["status"] == "succeeded" and copies == 1) or (
        job["status"] == "failed" and job.get("error") and copies == 0
    )
    return {
        "ok": bool(ok and killed),
        "summary": f"killed pid {killed}; job {job['status']} {job.get('error', '')[:60]!r}; "
        f"copies of the document {copies}",
    }


def kill_worker_mid_export(stack, client: Client, context: dict) -> dict:
    documents = [d for d in (context["big"], context["plan"]["document"]) if d]
    answer = client.post("/api/exports/", json={"documents": documents, "format": "html"})
    if answer.status_code != 202:
        return {"ok": False, "summary": f"export answered {answer.status_code}"}
    job_id = answer.json()["id"]
    job = client.wait_job(job_id, ("running", *FINISHED), 120)
    if job["status"] != "running":
        return {
            "ok": False,
            "summary": f"the export was not running when we came ({job['status']})",
        }
    killed = stack.kill_worker("exports")
    stack.restart_worker("exports")
    job = client.wait_job(job_id, FINISHED, 300)
    # The URL is absolute and https (as behind the TLS proxy): fetch its path from loopback.
    path = urlsplit(job.get("result_url") or "").path
    download = client.get(path) if job["status"] == "succeeded" and path else None
    ok = job["status"] == "succeeded" or (job["status"] == "failed" and job.get("error"))
    got = f", download {download.status_code} {len(download.content)} B" if download else ""
    return {
        "ok": bool(ok and killed),
        "summary": f"killed pid {killed}; export {job['status']} {job.get('error', '')[:60]!r}"
        f"{got}",
    }


def redis_restart(stack, client: Client, context: dict) -> dict:
    title = f"Fault redis {uuid.uuid4().hex}"
    stack.stop_redis()
    time.sleep(0.5)
    started = time.monotonic()
    answer = client.upload(title, 2_000)
    took = time.monotonic() - started
    if stack.name == "production":
        time.sleep(15)
        stack.start_redis()
    else:
        stack.start_redis()  # waits for make run to have started it again
    job_id = answer.json()[0]["id"] if answer.status_code == 202 else None
    job = client.wait_job(job_id, FINISHED, 180) if job_id else None
    copies = _copies(stack, title)
    queued = _jobs_with_title(stack, title)
    workers_alive = all(stack.worker_pid(q) for q in ("imports", "exports"))
    summary = (
        f"upload while Redis was down answered {answer.status_code} in {took:.1f} s; "
        f"job {job['status'] if job else 'none in the answer'}; job rows for it {queued}; "
        f"copies {copies}; workers alive {workers_alive}"
    )
    return {"ok": workers_alive and copies <= 1, "summary": summary}


def _jobs_with_title(stack, title: str) -> str:
    code = (
        "import django;django.setup();from annotate.models import Job;"
        f"print([j.status for j in Job.objects.filter(input_name__contains={title!r})])"
    )
    return stack.run("-c", code).strip().splitlines()[-1]


def lock_database(stack, client: Client, context: dict) -> dict:
    users = context["users"][1:7]
    clients = [Client(stack, u["username"], u["password"]) for u in users]
    if stack.name == "production":
        holder = stack.psql(
            "BEGIN; LOCK TABLE annotate_comment IN ACCESS EXCLUSIVE MODE; "
            "SELECT pg_sleep(8); COMMIT;"
        )
    else:
        database = Path(stack.env["FACTCHECK_VAR_DIR"]) / "factcheck.sqlite3"
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sqlite3,sys,time;db=sqlite3.connect(sys.argv[1],isolation_level=None);"
             "db.execute('BEGIN IMMEDIATE');time.sleep(8);db.execute('ROLLBACK')",
             str(database)],
        )  # fmt: skip
    time.sleep(1)
    results: list[tuple[int, float]] = []

    def comment(who: Client, user: dict) -> None:
        started = time.monotonic()
        body = {"claim": user["claim"], "body": f"<p>locked {uuid.uuid4().hex}</p>"}
        answer = who.post("/api/comments/", json=body)
        results.append((answer.status_code, time.monotonic() - started))

    threads = [
        threading.Thread(target=comment, args=pair) for pair in zip(clients, users, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    holder.wait(timeout=60)
    codes = sorted(code for code, _ in results)
    slowest = max((took for _, took in results), default=0)
    return {
        "ok": codes == [201] * len(users),
        "summary": f"6 comments during an 8 s lock answered {codes}, slowest {slowest:.1f} s",
    }


def media_full(stack, client: Client, context: dict) -> dict:
    media = Path(stack.env["MEDIA_ROOT"])
    media.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(media)], capture_output=True
    )
    if mounted.returncode != 0:
        return {"ok": False, "summary": f"could not mount a small tmpfs: {mounted.stderr!r}"}
    try:
        with (media / "filler").open("wb") as filler:
            try:
                while True:
                    filler.write(b"x" * 65536)
                    filler.flush()
            except OSError:
                pass
        title = f"Fault disk {uuid.uuid4().hex}"
        upload = client.upload(title, 3_000)
        upload_jobs = _jobs_with_title(stack, title)
        export = client.post(
            "/api/exports/", json={"documents": [context["plan"]["document"]], "format": "json"}
        )
        job = (
            client.wait_job(export.json()["id"], FINISHED, 120) if export.status_code == 202 else {}
        )
    finally:
        subprocess.run(["umount", "-l", str(media)], capture_output=True, check=False)
    message = upload.text[:80].replace("\n", " ") if upload.status_code != 202 else ""
    summary = (
        f"upload on a full disk answered {upload.status_code} {message!r}, job rows {upload_jobs}; "
        f"export {job.get('status', export.status_code)} {job.get('error', '')[:70]!r}"
    )
    ok = upload_jobs in ("[]", "['failed']") and job.get("status") in FINISHED
    return {"ok": ok, "summary": summary}
