"""Integrity rules a CHECK constraint cannot state because they look at another table.

- A claim's document and verdict belong to the claim's team (claims never cross teams; sources
  hang off claims and so stay in the team too).
- Sentence and claim offsets end within their document's text (0 <= start < end is a CHECK on
  each table already; `end <= text_length` needs the document row).

PostgreSQL gets composite foreign keys (checked at once, not deferred to commit, so the failing
statement is the one reported) and a trigger; SQLite gets triggers. Both raise an integrity error
that Django reports as IntegrityError.
"""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE annotate_claim ADD CONSTRAINT claim_document_same_team
        FOREIGN KEY (document_id, team_id) REFERENCES annotate_document (id, team_id)
        ON DELETE CASCADE;
    ALTER TABLE annotate_claim ADD CONSTRAINT claim_verdict_same_team
        FOREIGN KEY (verdict_id, team_id) REFERENCES annotate_verdict (id, team_id);
    CREATE FUNCTION annotate_span_within_text() RETURNS trigger AS $$
    BEGIN
        IF NEW."end" > (SELECT text_length FROM annotate_document WHERE id = NEW.document_id) THEN
            RAISE EXCEPTION 'span %..% ends past the text of document %',
                NEW.start, NEW."end", NEW.document_id USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER sentence_within_text BEFORE INSERT OR UPDATE ON annotate_sentence
        FOR EACH ROW EXECUTE FUNCTION annotate_span_within_text();
    CREATE TRIGGER claim_within_text BEFORE INSERT OR UPDATE ON annotate_claim
        FOR EACH ROW EXECUTE FUNCTION annotate_span_within_text();
    """
]
POSTGRES_REVERSE = [
    """
    DROP TRIGGER IF EXISTS claim_within_text ON annotate_claim;
    DROP TRIGGER IF EXISTS sentence_within_text ON annotate_sentence;
    DROP FUNCTION IF EXISTS annotate_span_within_text();
    ALTER TABLE annotate_claim DROP CONSTRAINT IF EXISTS claim_verdict_same_team;
    ALTER TABLE annotate_claim DROP CONSTRAINT IF EXISTS claim_document_same_team;
    """
]

_SENTENCE_PAST_END = """
    NEW."end" > (SELECT text_length FROM annotate_document WHERE id = NEW.document_id)
"""
_CLAIM_BROKEN = """
    NEW.team_id IS NOT (SELECT team_id FROM annotate_document WHERE id = NEW.document_id)
    OR (NEW.verdict_id IS NOT NULL
        AND NEW.team_id IS NOT (SELECT team_id FROM annotate_verdict WHERE id = NEW.verdict_id))
    OR NEW."end" > (SELECT text_length FROM annotate_document WHERE id = NEW.document_id)
"""


def _sqlite_trigger(name: str, event: str, table: str, condition: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END;"
    )


SQLITE = [
    _sqlite_trigger("sentence_within_text_ins", "INSERT", "annotate_sentence", _SENTENCE_PAST_END),
    _sqlite_trigger(
        "sentence_within_text_upd",
        'UPDATE OF start, "end", document_id',
        "annotate_sentence",
        _SENTENCE_PAST_END,
    ),
    _sqlite_trigger("claim_in_team_ins", "INSERT", "annotate_claim", _CLAIM_BROKEN),
    _sqlite_trigger(
        "claim_in_team_upd",
        'UPDATE OF team_id, document_id, verdict_id, start, "end"',
        "annotate_claim",
        _CLAIM_BROKEN,
    ),
    _sqlite_trigger(
        "document_team_fixed",
        "UPDATE OF team_id",
        "annotate_document",
        "NEW.team_id IS NOT OLD.team_id AND EXISTS "
        "(SELECT 1 FROM annotate_claim WHERE document_id = NEW.id)",
    ),
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "sentence_within_text_ins",
        "sentence_within_text_upd",
        "claim_in_team_ins",
        "claim_in_team_upd",
        "document_team_fixed",
    )
]


def forwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES, "sqlite": SQLITE})


def backwards(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE})


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    for statement in statements_by_vendor.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("annotate", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
