"""Export from the database: time per format for a 1,000-claim document, selector included, and
SQL statements per export at two sizes (they must not grow with the claim count).

Runs against a fresh SQLite database in a temporary folder (migrated here), so it never touches
var/. The floor is `json.dumps` of the same plain data, as in the export issue: every format
should stay within 10x of it. Prints a table, then one `bench:` line per figure.

    /tmp/probe/bin/python bench/export_db.py [--claims 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(folder: Path) -> None:
    os.environ["FACTCHECK_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(claims: int, seed: int):
    """A team document of `claims` sentences, each a claim with 2 sources, a review, a comment."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from annotate.models import Claim, Comment, Review, Source, Team
    from annotate.services.documents import document_create
    from annotate.services.teams import team_create
    from annotate.text.anchor import quote_selector

    team = Team.objects.filter(slug="bench").first() or team_create(
        name="Bench Newsroom", slug="bench", organization_url="https://bench.example.org/"
    )
    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_user("bench")
    sentences = [
        f"Sentence {seed}-{i} says the U.S. spent {i} dollars in 2019." for i in range(claims)
    ]
    text = "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, claims, 5))
    document = document_create(
        team=team, created_by=user, title=f"{claims} claims", text=text, source_format="txt"
    )
    verdicts = list(team.verdicts.order_by("position"))
    now = timezone.now()
    rows = []
    for n, sentence in enumerate(document.sentences.order_by("index")):
        selector = quote_selector(text, sentence.start, sentence.end)
        rows.append(
            Claim(
                team=team,
                document=document,
                start=sentence.start,
                end=sentence.end,
                quote=selector.exact,
                prefix=selector.prefix,
                suffix=selector.suffix,
                restatement=f"Restatement {n} of the claim.",
                claimant="A. Politician",
                verdict=verdicts[n % len(verdicts)],
                notes=f"<p>Checked against <strong>report {n}</strong>.</p>",
                status="approved" if n % 2 else "draft",
                author=user,
                approved_by=user if n % 2 else None,
                approved_at=now if n % 2 else None,
            )
        )
    created = Claim.objects.bulk_create(rows)
    Source.objects.bulk_create(
        Source(
            claim=c, url=f"https://stats.example.org/{c.pk}/{k}", title=f"Report {k}", position=k
        )
        for c in created
        for k in range(2)
    )
    Review.objects.bulk_create(
        Review(
            claim=c,
            reviewer=user,
            decision="approved",
            from_status="in_review",
            to_status="approved",
        )
        for c in created
        if c.status == "approved"
    )
    Comment.objects.bulk_create(
        Comment(claim=c, author=user, body="<p>Looks right.</p>") for c in created
    )
    return team, document


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def statements(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def full_export_statements(team, document, fmt: str) -> int:
    """Statements of a whole export job run (job bookkeeping included)."""
    from annotate.services.exports import export_create, export_render
    from annotate.services.jobs import job_begin

    job = export_create(team=team, document_ids=[document.pk], fmt=fmt)
    job = job_begin(job_id=job.pk)
    return statements(lambda: export_render(job))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        setup_django(Path(folder))
        run(args)


def run(args) -> None:
    from django.utils import timezone

    from annotate import formats
    from annotate.export.lossless import plain
    from annotate.selectors.exports import documents_export_data, export_options

    team, big = build(args.claims, 1)
    _, small = build(args.small, 2)
    options = export_options(team, generated_at=timezone.now())
    (doc,) = documents_export_data(team, [big.pk])
    data = plain(doc)
    floor = best_of(args.repeat, lambda: json.dumps(data, ensure_ascii=False))
    select = best_of(args.repeat, lambda: documents_export_data(team, [big.pk]))
    figures: list[tuple[str, float, str]] = [
        ("export_db_json_dumps_floor", floor * 1000, "ms"),
        ("export_db_selector", select * 1000, "ms"),
    ]
    print(f"Export of one document with {args.claims} claims (median of {args.repeat})")
    header = ("format", "render ms", "+selector ms", "render/floor", "total/floor")
    print(f"{header[0]:<12} {header[1]:>10} {header[2]:>13} {header[3]:>13} {header[4]:>12}")
    for fmt in formats.EXPORT_KEYS:
        renderer = formats.export_format(fmt).renderer
        render = best_of(args.repeat, lambda r=renderer: r.render(doc, options))
        total = render + select
        print(
            f"{fmt:<12} {render * 1000:>10.1f} {total * 1000:>13.1f} "
            f"{render / floor:>12.1f}x {total / floor:>11.1f}x"
        )
        figures += [
            (f"export_db_{fmt}_render", render * 1000, "ms"),
            (f"export_db_{fmt}_total", total * 1000, "ms"),
            (f"export_db_{fmt}_ratio_to_json_dumps", render / floor, "x"),
        ]
    print(f"floor json.dumps {floor * 1000:.1f} ms, selector {select * 1000:.1f} ms")
    print()
    print(f"{'SQL statements':<28} {args.small:>8} {args.claims:>8}")
    selector_counts = [
        statements(lambda d=d: documents_export_data(team, [d.pk])) for d in (small, big)
    ]
    print(f"{'selector':<28} {selector_counts[0]:>8} {selector_counts[1]:>8}")
    figures += [
        (f"export_db_selector_statements_{args.small}", selector_counts[0], "statements"),
        (f"export_db_selector_statements_{args.claims}", selector_counts[1], "statements"),
    ]
    for fmt in ("json", "csv"):
        counts = [full_export_statements(team, d, fmt) for d in (small, big)]
        print(f"{'export job (' + fmt + ')':<28} {counts[0]:>8} {counts[1]:>8}")
        figures += [
            (f"export_db_job_{fmt}_statements_{args.small}", counts[0], "statements"),
            (f"export_db_job_{fmt}_statements_{args.claims}", counts[1], "statements"),
        ]
    print()
    for name, value, unit in figures:
        shown = f"{value:.0f}" if unit == "statements" else f"{value:.2f}"
        print(f"bench: {name} {shown} {unit}")


if __name__ == "__main__":
    main()
