"""Server time to render the desk for a 5,000-sentence document with 500 claims.

Run: /tmp/probe/bin/python bench/desk_render.py [repeats]

Builds the data through the services in a throw-away SQLite var dir, then times the Django test
client: the whole desk page (best and median of N), its SQL query count, its size, and the htmx
answers to opening a claim and to marking a new one (editor + out-of-band list, chart and
paragraph). A smaller document is timed too, to show how the time grows with the length.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["FACTCHECK_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-desk-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from annotate.models import Verdict  # noqa: E402
from annotate.services.claims import claim_create, claim_update  # noqa: E402
from annotate.services.documents import document_create  # noqa: E402
from annotate.services.teams import membership_set, team_create  # noqa: E402
from annotate.text.anchor import codepoint_to_utf16  # noqa: E402
from annotate.text.normalize import normalize_text  # noqa: E402

SIZES = [(500, 50), (5000, 500)]


def article(n: int) -> str:
    """`n` sentences in paragraphs of five, with some emoji and CJK to make UTF-16 differ."""
    sentences = [
        f"Sentence {i} says the 🇺🇸 budget was {i} billion dollars in 東京 terms." for i in range(n)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, n, 5))


def build(membership, n_sentences: int, n_claims: int):
    document = document_create(
        team=membership.team,
        created_by=membership.user,
        title=f"Bench {n_sentences}",
        text=normalize_text(article(n_sentences)),
        source_format="txt",
    )
    verdicts = list(Verdict.objects.filter(team=membership.team))
    sentences = list(document.sentences.order_by("index"))
    step = len(sentences) // n_claims
    for i, sentence in enumerate(sentences[::step][:n_claims]):
        # Every fourth claim overlaps the next sentence too, so pieces nest and stack.
        end = sentences[min(sentence.index + 1, len(sentences) - 1)].end if i % 4 == 0 else None
        end = end or sentence.end
        claim = claim_create(
            membership=membership,
            document=document,
            start=sentence.start,
            end=end,
            quote=document.text[sentence.start : end],
        )
        claim_update(
            membership=membership, claim=claim, version=1, verdict=verdicts[i % len(verdicts)]
        )
    return document


def timed(call, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    team = team_create(name="Bench", slug="bench")
    user = get_user_model().objects.create_user("bench")
    membership = membership_set(team=team, user=user, role="checker")
    client = Client()
    client.force_login(user)
    rows = []
    figures = []
    for n_sentences, n_claims in SIZES:
        document = build(membership, n_sentences, n_claims)
        url = reverse("annotate:document-detail", args=[document.pk])
        client.get(url)  # warm up templates and caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        page = timed(lambda url=url: client.get(url), repeats)
        claim = document.claims.order_by("start").last()
        editor_url = reverse("annotate:desk-claim", args=[claim.pk])
        editor = timed(lambda u=editor_url: client.get(u, HTTP_HX_REQUEST="true"), repeats)
        mark = timed(lambda d=document: mark_once(client, d), 1)
        rows.append(
            (
                n_sentences,
                n_claims,
                min(page),
                statistics.median(page),
                len(queries),
                len(response.content) / 1024,
                min(editor),
                mark[0],
            )
        )
        if n_sentences == 5000:
            figures = [
                ("desk_render_ms", min(page), "ms"),
                ("desk_render_median_ms", statistics.median(page), "ms"),
                ("desk_render_queries", len(queries), "queries"),
                ("desk_page_kb", len(response.content) / 1024, "KiB"),
                ("desk_open_claim_ms", min(editor), "ms"),
                ("desk_mark_claim_ms", mark[0], "ms"),
            ]
    header = (
        f"{'sentences':>9} {'claims':>6} {'page best':>10} {'median':>8} {'queries':>7} "
        f"{'size KiB':>8} {'open claim':>10} {'mark':>7}"
    )
    print(f"Desk render, best of {repeats} (ms), Django test client, SQLite")
    print(header)
    for n, c, best, median, q, kib, editor_ms, mark_ms in rows:
        print(
            f"{n:>9} {c:>6} {best:>10.1f} {median:>8.1f} {q:>7} {kib:>8.0f} {editor_ms:>10.1f} "
            f"{mark_ms:>7.1f}"
        )
    for name, value, unit in figures:
        print(
            f"bench: {name} {value:.1f} {unit}"
            if unit != "queries"
            else f"bench: {name} {value} {unit}"
        )


def mark_once(client: Client, document) -> None:
    """Mark the middle of the document's last sentence (an htmx request, as the desk sends)."""
    sentence = document.sentences.order_by("-index").first()
    start = sentence.start + 9
    end = start + 10
    text = document.text
    response = client.post(
        reverse("annotate:desk-claim-create", args=[document.pk]),
        {
            "start": codepoint_to_utf16(text, start),
            "end": codepoint_to_utf16(text, end),
            "quote": text[start:end],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content[:300]


if __name__ == "__main__":
    main()
