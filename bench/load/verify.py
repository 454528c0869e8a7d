"""After a load or fault run: was every successful write stored exactly once, is no job stuck?

Run by bench/load/run.py with the stack's environment, from the tree under test:
    python bench/load/verify.py PLAN.json WRITES.json [WAIT_SECONDS]

Checks, printing one JSON object:
- comments: each token the server accepted is in exactly one comment;
- claim edits: each user's claim moved up by exactly its number of accepted edits (a lost write
  or a write applied twice shows here), and holds the last accepted edit's token;
- imports: each job reported succeeded links a document whose text has its title once;
- jobs: after waiting up to WAIT_SECONDS for the queue to drain, none is queued or running;
- documents: none is half stored (its sentences cover its text from 0 to its length).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.db.models import Count, Max, Min  # noqa: E402

from annotate.models import Claim, Comment, Document, Job, JobStatus  # noqa: E402

UNFINISHED = [JobStatus.QUEUED, JobStatus.RUNNING]


def main(plan_path: str, writes_path: str, wait: float) -> dict:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    writes = (
        {"comments": [], "edits": [], "imports": []}
        if writes_path == "-"  # the fault runs: only jobs and documents
        else json.loads(Path(writes_path).read_text(encoding="utf-8"))
    )
    report = {
        "comments": _comments(writes["comments"]),
        "edits": _edits(plan, writes["edits"]) if writes["edits"] else {"ok": True, "accepted": 0},
        "imports": _imports(writes["imports"]),
    }
    report["jobs"] = _jobs_settle(wait)
    report["documents"] = _documents()
    report["ok"] = all(part.get("ok") for part in report.values() if isinstance(part, dict))
    return report


def _comments(tokens: list[str]) -> dict:
    wrong = []
    for token in tokens:
        stored = Comment.objects.filter(body__contains=token).count()
        if stored != 1:
            wrong.append((token, stored))
    return {"accepted": len(tokens), "not_once": wrong[:10], "ok": not wrong}


def _edits(plan: dict, edits: list) -> dict:
    accepted = Counter(claim for claim, _token, _at in edits)
    last = {claim: token for claim, token, _at in sorted(edits, key=lambda e: e[2])}
    wrong = []
    for user in plan["users"]:
        claim = Claim.objects.get(pk=user["claim"])
        moved = claim.version - user["version"]
        expected = accepted.get(user["claim"], 0)
        token_ok = user["claim"] not in last or last[user["claim"]] in claim.notes
        if moved != expected or not token_ok:
            wrong.append({"claim": claim.pk, "moved": moved, "accepted": expected})
    return {"accepted": sum(accepted.values()), "wrong": wrong[:10], "ok": not wrong}


def _imports(imports: list) -> dict:
    wrong = []
    for job_id, title in imports:
        job = Job.objects.filter(pk=job_id).first()
        copies = Document.objects.filter(text__contains=title).count()
        if job is None or job.document_id is None or copies != 1:
            wrong.append({"job": job_id, "copies": copies})
    return {"accepted": len(imports), "wrong": wrong, "ok": not wrong}


def _jobs_settle(wait: float) -> dict:
    deadline = time.monotonic() + wait
    while Job.objects.filter(status__in=UNFINISHED).exists() and time.monotonic() < deadline:
        time.sleep(1)
    stuck = list(Job.objects.filter(status__in=UNFINISHED).values("pk", "kind", "status"))
    failed = list(
        Job.objects.filter(status=JobStatus.FAILED).values_list("pk", "error").order_by("pk")
    )
    return {
        "total": Job.objects.count(),
        "succeeded": Job.objects.filter(status=JobStatus.SUCCEEDED).count(),
        "failed": [(pk, error[:90]) for pk, error in failed][:10],
        "failed_count": len(failed),
        "stuck": stuck,
        "ok": not stuck,
    }


def _documents() -> dict:
    half = []
    # values() first: the GROUP BY is then the id and length, not every column (the text).
    for doc in Document.objects.values("pk", "text_length").annotate(
        n=Count("sentences"), first=Min("sentences__start"), last=Max("sentences__end")
    ):
        if doc["n"] == 0 or doc["first"] != 0 or doc["last"] != doc["text_length"]:
            half.append(doc["pk"])
    return {"count": Document.objects.count(), "half": half, "ok": not half}


if __name__ == "__main__":
    wait = float(sys.argv[3]) if len(sys.argv) > 3 else 120
    print(json.dumps(main(sys.argv[1], sys.argv[2], wait)))
