"""Teams still on the old default verdict colours get the new default palette.

The old defaults put four of seven verdicts under 3:1 against the page ("Half true" 1.29:1); the
new ones (annotate.palette.DEFAULT_COLOURS) meet 3:1 for the highlight edge and 4.5:1 for text
over the fill. Only a verdict whose key is a default key *and* whose colour is still the old
default changes: a colour a team chose itself stays. The values are copied here, frozen, so that
a later palette change does not rewrite what this migration did.
"""

from django.db import migrations

OLD_TO_NEW = {
    "true": ("#1a9850", "#1a7f37"),
    "mostly-true": ("#91cf60", "#4d7c0f"),
    "half-true": ("#fee08b", "#9a6700"),
    "mostly-false": ("#fc8d59", "#c2410c"),
    "false": ("#d73027", "#b42318"),
    "unverifiable": ("#9e9e9e", "#6b7280"),
    "opinion": ("#7b68ee", "#6e56cf"),
}


def _recolour(apps, forward: bool) -> None:
    Verdict = apps.get_model("annotate", "Verdict")
    for key, (old, new) in OLD_TO_NEW.items():
        before, after = (old, new) if forward else (new, old)
        Verdict.objects.filter(key=key, colour__iexact=before).update(colour=after)


def forwards(apps, schema_editor):
    _recolour(apps, forward=True)


def backwards(apps, schema_editor):
    _recolour(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [("annotate", "0005_i14r_review_integrity")]

    operations = [migrations.RunPython(forwards, backwards)]
