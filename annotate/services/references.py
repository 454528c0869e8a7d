"""Storing other outlets' fact-checks (ClaimReview) as the team's reference archive.

The only writer of ReferenceCheck. A review URL is a reference's identity within a team: a
file or feed imported again updates the rows it already brought (a rating corrected by the
outlet, a new appearance) instead of doubling them. Every text is cut to its column, every URL
is http(s) (the reader already dropped others), and nothing of the team's own claims changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from annotate import rules
from annotate.ingest.claimreview import ParseResult
from annotate.ingest.claimreview import ReferenceCheck as ReadCheck
from annotate.models import Membership, ReferenceCheck
from annotate.rules import Permission

BATCH = 500
_FIELDS = (
    "claim_reviewed",
    "rating_label",
    "rating_value",
    "rating_best",
    "rating_worst",
    "rating_explanation",
    "outlet",
    "outlet_url",
    "date_published",
    "claimant",
    "claim_date",
    "appearances",
    "language",
    "headline",
)


@dataclass(frozen=True)
class ReferencesStored:
    created: int
    updated: int
    skipped: tuple[str, ...]

    @property
    def summary(self) -> str:
        """For the job page: "12 fact-checks from other outlets (3 already known, updated)"."""
        total = self.created + self.updated
        notes = []
        if self.updated:
            notes.append(f"{self.updated} already known, updated")
        if self.skipped:
            notes.append(f"{len(self.skipped)} skipped")
        detail = f" ({'; '.join(notes)})" if notes else ""
        return f"{total} fact-check{'s' if total != 1 else ''} from other outlets{detail}"


def references_store(*, membership: Membership, result: ParseResult) -> ReferencesStored:
    """Store the reviews `result` read, for `membership`'s team, deduplicated by URL."""
    rules.require(membership, Permission.IMPORT)
    by_url: dict[str, ReadCheck] = {}
    for check in result.checks:  # the last of two reviews with one URL in a file wins
        by_url[check.url[:2000]] = check
    created = updated = 0
    with transaction.atomic():
        existing = {
            row.url: row
            for row in ReferenceCheck.objects.filter(team_id=membership.team_id, url__in=by_url)
        }
        new_rows, changed = [], []
        for url, check in by_url.items():
            values = _values(check)
            row = existing.get(url)
            if row is None:
                new_rows.append(
                    ReferenceCheck(
                        team_id=membership.team_id, url=url, imported_by=membership.user, **values
                    )
                )
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        ReferenceCheck.objects.bulk_create(new_rows, batch_size=BATCH)
        # save() per row, not bulk_update: the search index's trigger fires on an UPDATE of
        # the row's text columns either way, and updated_at must move.
        for row in changed:
            row.save()
        created, updated = len(new_rows), len(changed)
    return ReferencesStored(created=created, updated=updated, skipped=tuple(result.skipped))


def _values(check: ReadCheck) -> dict:
    return {
        "claim_reviewed": check.claim_reviewed[:20_000],
        "rating_label": check.rating.label[:200],
        "rating_value": check.rating.value,
        "rating_best": check.rating.best,
        "rating_worst": check.rating.worst,
        "rating_explanation": check.rating.explanation[:5_000],
        "outlet": check.outlet[:300],
        "outlet_url": check.outlet_url[:2000],
        "date_published": check.date,
        "claimant": check.claimant[:300],
        "claim_date": check.claim_date,
        "appearances": [
            {
                "url": a.url[:2000],
                "headline": a.headline[:500],
                "date": a.date.isoformat() if a.date else None,
                "author": a.author[:300],
            }
            for a in check.appearances
        ],
        "language": (check.language or "en")[:16],
        "headline": check.headline[:500],
    }
