"""Rebuild the search index from the tables (after a restore, or if it was ever damaged)."""

from django.core.management.base import BaseCommand

from annotate.services.search_index import search_reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every team from the stored documents and claims."

    def handle(self, *args, **options):
        counts = search_reindex()
        total = sum(counts.values())
        detail = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items())
        self.stdout.write(f"Search index rebuilt: {total} entries ({detail}).")
