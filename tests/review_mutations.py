"""Mutation check of the review-integrity rules: disable one rule, show that a test fails.

    .venv/bin/python -m tests.review_mutations            # every mutation
    .venv/bin/python -m tests.review_mutations hole1      # the ones whose name starts so

For each mutation it runs the named tests in a fresh pytest process with the rule switched off
(a plugin patches it once Django is set up) and expects them to fail; then it runs them once
with nothing switched off and expects them to pass. It prints one line per run and exits 1 if
a mutation survived (no test failed without the rule) or the unmutated run failed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

# name -> (what is switched off, the tests that must then fail)
MUTATIONS: dict[str, tuple[str, list[str]]] = {
    "hole1-round-editors": (
        "rules: whoever edited the claim this round may decide",
        ["tests/annotate/services/test_review_integrity.py", "-k", "hole1"],
    ),
    "hole1-not-author": (
        "rules: the author may decide on their own claim",
        ["tests/annotate/test_rules.py", "-k", "deciding or refusals"],
    ),
    "hole2-claimant-substance": (
        "lifecycle: the claimant is not substance (editing it keeps the approval)",
        ["tests/annotate/services/test_review_integrity.py", "-k", "hole2 and claimant"],
    ),
    "hole3-version-service": (
        "lifecycle: a decision without a version is not refused",
        ["tests/annotate/services/test_review_integrity.py", "-k", "hole3"],
    ),
    "hole3-version-api": (
        "API: the decision's version is optional",
        ["tests/annotate/api/test_review_integrity.py", "-k", "hole3"],
    ),
    "hole4-who-deletes": (
        "rules: any editor may delete any claim",
        ["tests/annotate/services/test_review_integrity.py", "-k", "hole4 and delete"],
    ),
    "hole4-live-claims": (
        "models: the default manager keeps deleted claims",
        ["tests/annotate/services/test_review_integrity.py", "-k", "every_read"],
    ),
    "hole5-imported-status": (
        "import: a claim approved in the file arrives approved",
        ["tests/annotate/services/test_imports_integrity.py", "-k", "hole5 and arrives"],
    ),
    "hole8-limits": (
        "models: no text is too long",
        ["tests/annotate/services/test_review_integrity.py", "-k", "hole8"],
    ),
    "hole9-links": (
        "import: every link counts as http(s)",
        ["tests/annotate/services/test_imports_integrity.py", "-k", "hole9 and import"],
    ),
}


def _switch_off(name: str) -> None:
    """Apply mutation `name` (Django is set up; called from the plugin below)."""
    from annotate import rules
    from annotate.api import serializers
    from annotate.models import claim as claim_models
    from annotate.services import lifecycle, lossless_import

    def without(permission, predicate: Callable) -> None:
        rules.PERMISSIONS[permission] = tuple(
            rule for rule in rules.PERMISSIONS[permission] if rule.holds is not predicate
        )

    if name == "hole1-round-editors":
        without(rules.Permission.CLAIM_DECIDE, rules.not_round_editor)
    elif name == "hole1-not-author":
        without(rules.Permission.CLAIM_DECIDE, rules.not_author)
    elif name == "hole2-claimant-substance":
        lifecycle.SUBSTANCE_FIELDS = tuple(f for f in lifecycle.SUBSTANCE_FIELDS if f != "claimant")
    elif name == "hole3-version-service":
        original = lifecycle.claim_lock

        def lenient(**kwargs):
            return original(**{**kwargs, "version_required": False})

        import annotate.services.reviews as reviews

        reviews.claim_lock = lenient
    elif name == "hole3-version-api":
        # DRF copies declared fields from their constructor arguments: change those.
        field = serializers.DecisionSerializer._declared_fields["version"]
        field._kwargs["required"] = False
    elif name == "hole4-who-deletes":
        without(rules.Permission.CLAIM_DELETE, rules.author_of_draft_or_reviewer)
    elif name == "hole4-live-claims":
        claim_models.LiveClaims.get_queryset = lambda self: claim_models.models.QuerySet(
            self.model, using=self._db
        )
    elif name == "hole5-imported-status":
        lossless_import.ARRIVES_AS[claim_models.ClaimStatus.APPROVED] = "approved"
    elif name == "hole8-limits":
        claim_models.too_long = lambda field, value: None
        import annotate.services.claims as claims
        import annotate.services.reviews as reviews

        claims.too_long = reviews.too_long = claim_models.too_long
    elif name == "hole9-links":
        lossless_import._is_http = lambda value: True
    else:  # pragma: no cover
        raise SystemExit(f"No mutation {name}")


class _Mutation:
    """A pytest plugin that switches one rule off before the tests run."""

    def __init__(self, name: str) -> None:
        self.name = name

    def pytest_sessionstart(self, session) -> None:
        _switch_off(self.name)


def _run(selection: list[str], mutation: str | None) -> int:
    code = (
        "import sys, pytest\n"
        "from tests.review_mutations import _Mutation\n"
        f"plugins = [_Mutation({mutation!r})] if {mutation!r} else []\n"
        f"sys.exit(pytest.main({['-q', '-x', '-p', 'no:cacheprovider', *selection]!r}, "
        "plugins=plugins))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    ).returncode


def main(argv: list[str]) -> int:
    wanted = [n for n in MUTATIONS if not argv or any(n.startswith(a) for a in argv)]
    survived = []
    for name in wanted:
        what, selection = MUTATIONS[name]
        clean = _run(selection, None)
        mutated = _run(selection, name)
        caught = clean == 0 and mutated == 1
        verdict = "caught" if caught else "SURVIVED"
        print(f"{name:26} {verdict:8} (unmutated exit {clean}, mutated exit {mutated}): {what}")
        if not caught:
            survived.append(name)
    print(f"mutations: {len(wanted) - len(survived)} of {len(wanted)} caught")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
