"""Migration 0006_i12l_verdict_palette: old default colours move to the new palette; colours a
team chose stay."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from annotate import palette

MIGRATION = importlib.import_module("annotate.migrations.0006_i12l_verdict_palette")
BEFORE = [("annotate", "0005_i14r_review_integrity")]
AFTER = [("annotate", "0006_i12l_verdict_palette")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_the_frozen_values_are_the_palette_of_this_change():
    expected = {
        key: (palette.OLD_DEFAULT_COLOURS[key], palette.DEFAULT_COLOURS[key])
        for key in palette.DEFAULT_COLOURS
    }
    assert expected == MIGRATION.OLD_TO_NEW


@pytest.mark.django_db(transaction=True)
def test_old_defaults_are_recoloured_and_chosen_colours_stay():
    apps = _migrate(BEFORE)
    Team, Verdict = apps.get_model("annotate", "Team"), apps.get_model("annotate", "Verdict")
    old_team = Team.objects.create(name="Old", slug="old")
    for position, (key, colour) in enumerate(palette.OLD_DEFAULT_COLOURS.items()):
        Verdict.objects.create(
            team=old_team, key=key, label=key, colour=colour.upper(), position=position
        )
    own = Team.objects.create(name="Own", slug="own")
    Verdict.objects.create(team=own, key="half-true", label="Half", colour="#123456", position=0)
    Verdict.objects.create(team=own, key="fire", label="Fire", colour="#fee08b", position=1)

    apps = _migrate(AFTER)
    Verdict = apps.get_model("annotate", "Verdict")
    colours = dict(Verdict.objects.filter(team_id=old_team.pk).values_list("key", "colour"))
    assert colours == palette.DEFAULT_COLOURS
    kept = dict(Verdict.objects.filter(team_id=own.pk).values_list("key", "colour"))
    assert kept == {"half-true": "#123456", "fire": "#fee08b"}

    apps = _migrate(BEFORE)  # and back
    Verdict = apps.get_model("annotate", "Verdict")
    colours = dict(Verdict.objects.filter(team_id=old_team.pk).values_list("key", "colour"))
    assert colours == palette.OLD_DEFAULT_COLOURS
    _migrate(executor_latest())


def executor_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
