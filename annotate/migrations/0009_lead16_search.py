"""Full-text search index: one row per document, claim, note, source and comment, kept by
triggers so that it follows every write (services, bulk inserts, cascades) with no code of its
own to forget.

- SQLite: an FTS5 table (porter stemming over unicode61, diacritics folded); rich text is
  reduced to plain text by ``fc_plain``, a function every connection registers
  (annotate/sqlite_functions.py).
- PostgreSQL: a table with a weighted ``tsvector`` (title A, body B) in the document's
  language configuration and a GIN index; tags are dropped by a regular expression.

Row ids are ``object id * 8 + kind`` so that a trigger finds its row by key.
"""

from django.db import migrations

KINDS = {"document": 0, "claim": 1, "note": 2, "source": 3, "comment": 4}

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE annotate_search USING fts5(
        kind UNINDEXED, object_id UNINDEXED, team_id UNINDEXED, document_id UNINDEXED,
        claim_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
]


def _sqlite_row(kind: str, ref: str, object_id: str, team: str, document: str, claim: str,
                title: str, body: str) -> str:
    return (
        "INSERT INTO annotate_search"
        "(rowid, kind, object_id, team_id, document_id, claim_id, title, body) "
        f"VALUES ({ref}.id * 8 + {KINDS[kind]}, '{kind}', {object_id}, {team}, {document}, "
        f"{claim}, {title}, {body});"
    )


def _sqlite_delete(kind: str, ref: str) -> str:
    return f"DELETE FROM annotate_search WHERE rowid = {ref}.id * 8 + {KINDS[kind]};"


def _sqlite_put(kind: str) -> str:
    """The statements that (re)write the rows of NEW for a table."""
    if kind == "document":
        # A document being imported (importing_since set) is not searchable until it is whole.
        return (
            "INSERT INTO annotate_search"
            "(rowid, kind, object_id, team_id, document_id, claim_id, title, body) "
            f"SELECT new.id * 8 + {KINDS['document']}, 'document', new.id, new.team_id, new.id, "
            "NULL, new.title, new.byline || char(10) || new.text "
            "WHERE new.importing_since IS NULL;"
        )
    if kind == "claim":
        return (
            _sqlite_row(
                "claim", "new", "new.id", "new.team_id", "new.document_id", "new.id",
                "new.quote", "new.restatement || char(10) || new.claimant",
            )
            + "INSERT INTO annotate_search"
            "(rowid, kind, object_id, team_id, document_id, claim_id, title, body) "
            f"SELECT new.id * 8 + {KINDS['note']}, 'note', new.id, new.team_id, "
            "new.document_id, new.id, '', fc_plain(new.notes) WHERE new.notes <> '';"
        )
    owner = "(SELECT {col} FROM annotate_claim WHERE id = new.claim_id)"
    if kind == "source":
        body = "new.publisher || char(10) || new.url || char(10) || new.excerpt"
        title = "new.title"
    else:
        body = "fc_plain(new.body)"
        title = "''"
    return _sqlite_row(
        kind, "new", "new.id", owner.format(col="team_id"), owner.format(col="document_id"),
        "new.claim_id", title, body,
    )


def _sqlite_deletes(kind: str, ref: str) -> str:
    if kind == "claim":
        return _sqlite_delete("claim", ref) + _sqlite_delete("note", ref)
    return _sqlite_delete(kind, ref)


SQLITE_TABLES = {
    "document": ("annotate_document", "title, byline, text, team_id, importing_since"),
    "claim": ("annotate_claim", "quote, restatement, claimant, notes, team_id, document_id"),
    "source": ("annotate_source", "title, publisher, url, excerpt, claim_id"),
    "comment": ("annotate_comment", "body, claim_id"),
}
for _kind, (_table, _columns) in SQLITE_TABLES.items():
    SQLITE_CREATE += [
        f"CREATE TRIGGER search_{_kind}_insert AFTER INSERT ON {_table} BEGIN "
        f"{_sqlite_put(_kind)} END",
        f"CREATE TRIGGER search_{_kind}_update AFTER UPDATE OF {_columns} ON {_table} BEGIN "
        f"{_sqlite_deletes(_kind, 'old')} {_sqlite_put(_kind)} END",
        f"CREATE TRIGGER search_{_kind}_delete AFTER DELETE ON {_table} BEGIN "
        f"{_sqlite_deletes(_kind, 'old')} END",
    ]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS search_{kind}_{event}" for kind in SQLITE_TABLES
      for event in ("insert", "update", "delete")),
    "DROP TABLE IF EXISTS annotate_search",
]

# Languages with a PostgreSQL text search configuration; any other language is 'simple'.
PG_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian",
    "it": "italian", "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}
# Each language's configuration with accents folded first (unaccent is a trusted extension
# since PostgreSQL 13: a database owner may create it), as SQLite's remove_diacritics does.
_PG_CASE = " ".join(
    f"WHEN '{code}' THEN 'annotate_{name}'" for code, name in PG_CONFIGS.items()
)
PG_CONFIG_NAMES = sorted({*PG_CONFIGS.values(), "simple"})
PG_UNACCENT = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
for _name in PG_CONFIG_NAMES:
    _dictionary = "simple" if _name == "simple" else f"{_name}_stem"
    PG_UNACCENT += [
        f"CREATE TEXT SEARCH CONFIGURATION annotate_{_name} (COPY = pg_catalog.{_name})",
        f"ALTER TEXT SEARCH CONFIGURATION annotate_{_name} ALTER MAPPING FOR hword, "
        f"hword_part, word WITH unaccent, {_dictionary}",
    ]

PG_CREATE = [
    *PG_UNACCENT,
    """CREATE TABLE annotate_search (
        id bigint PRIMARY KEY, kind text NOT NULL, object_id bigint NOT NULL,
        team_id bigint NOT NULL, document_id bigint NOT NULL, claim_id bigint,
        title text NOT NULL, body text NOT NULL, config regconfig NOT NULL,
        tsv tsvector NOT NULL)""",
    "CREATE INDEX annotate_search_tsv ON annotate_search USING gin (tsv)",
    "CREATE INDEX annotate_search_team ON annotate_search (team_id, kind)",
    f"""CREATE FUNCTION annotate_search_config(language text) RETURNS regconfig AS $$
        SELECT (CASE split_part(lower(coalesce(language, '')), '-', 1) {_PG_CASE}
                ELSE 'annotate_simple' END)::regconfig
        $$ LANGUAGE sql IMMUTABLE""",
    r"""CREATE FUNCTION annotate_search_plain(html text) RETURNS text AS $$
        SELECT replace(replace(replace(replace(replace(replace(
            regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
            '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#x27;', ''''),
            '&amp;', '&')
        $$ LANGUAGE sql IMMUTABLE""",
    # A tsvector holds at most 1 MiB: a very long document is searched in its first
    # 500,000 characters on PostgreSQL (README: formats and limits).
    """CREATE FUNCTION annotate_search_put(p_id bigint, p_kind text, p_object bigint,
            p_team bigint, p_document bigint, p_claim bigint, p_title text, p_body text,
            p_config regconfig) RETURNS void AS $$
        INSERT INTO annotate_search VALUES (p_id, p_kind, p_object, p_team, p_document,
            p_claim, p_title, p_body, p_config,
            setweight(to_tsvector(p_config, p_title), 'A')
            || setweight(to_tsvector(p_config, left(p_body, 500000)), 'B'))
        ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, object_id = EXCLUDED.object_id,
            team_id = EXCLUDED.team_id, document_id = EXCLUDED.document_id,
            claim_id = EXCLUDED.claim_id, title = EXCLUDED.title, body = EXCLUDED.body,
            config = EXCLUDED.config, tsv = EXCLUDED.tsv
        $$ LANGUAGE sql""",
    f"""CREATE FUNCTION annotate_search_document() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM annotate_search WHERE id = OLD.id * 8;
            RETURN OLD;
        END IF;
        IF NEW.importing_since IS NOT NULL THEN  -- searchable once the import is whole
            DELETE FROM annotate_search WHERE id = NEW.id * 8;
            RETURN NEW;
        END IF;
        PERFORM annotate_search_put(NEW.id * 8, 'document', NEW.id, NEW.team_id, NEW.id, NULL,
            NEW.title, NEW.byline || E'\\n' || NEW.text, annotate_search_config(NEW.language));
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION annotate_search_claim() RETURNS trigger AS $$
    DECLARE cfg regconfig;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM annotate_search WHERE id IN (OLD.id * 8 + {KINDS['claim']},
                                                     OLD.id * 8 + {KINDS['note']});
            RETURN OLD;
        END IF;
        SELECT annotate_search_config(language) INTO cfg FROM annotate_document
            WHERE id = NEW.document_id;
        PERFORM annotate_search_put(NEW.id * 8 + {KINDS['claim']}, 'claim', NEW.id,
            NEW.team_id, NEW.document_id, NEW.id, NEW.quote,
            NEW.restatement || E'\\n' || NEW.claimant, coalesce(cfg, 'annotate_simple'));
        IF coalesce(NEW.notes, '') <> '' THEN
            PERFORM annotate_search_put(NEW.id * 8 + {KINDS['note']}, 'note', NEW.id,
                NEW.team_id, NEW.document_id, NEW.id, '', annotate_search_plain(NEW.notes),
                coalesce(cfg, 'annotate_simple'));
        ELSE
            DELETE FROM annotate_search WHERE id = NEW.id * 8 + {KINDS['note']};
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
]
for _kind, _title, _body in (
    ("source", "NEW.title",
     "NEW.publisher || E'\\n' || NEW.url || E'\\n' || NEW.excerpt"),
    ("comment", "''", "annotate_search_plain(NEW.body)"),
):
    PG_CREATE.append(
        f"""CREATE FUNCTION annotate_search_{_kind}() RETURNS trigger AS $$
        DECLARE owner record;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM annotate_search WHERE id = OLD.id * 8 + {KINDS[_kind]};
                RETURN OLD;
            END IF;
            SELECT c.team_id, c.document_id, annotate_search_config(d.language) AS cfg
                INTO owner FROM annotate_claim c JOIN annotate_document d ON d.id = c.document_id
                WHERE c.id = NEW.claim_id;
            PERFORM annotate_search_put(NEW.id * 8 + {KINDS[_kind]}, '{_kind}', NEW.id,
                owner.team_id, owner.document_id, NEW.claim_id, {_title}, {_body}, owner.cfg);
            RETURN NEW;
        END $$ LANGUAGE plpgsql"""
    )
PG_TABLES = {
    "document": ("annotate_document", "title, byline, text, team_id, language, importing_since"),
    "claim": ("annotate_claim", "quote, restatement, claimant, notes, team_id, document_id"),
    "source": ("annotate_source", "title, publisher, url, excerpt, claim_id"),
    "comment": ("annotate_comment", "body, claim_id"),
}
for _kind, (_table, _columns) in PG_TABLES.items():
    PG_CREATE.append(
        f"CREATE TRIGGER annotate_search_{_kind} AFTER INSERT OR UPDATE OF {_columns} OR DELETE "
        f"ON {_table} FOR EACH ROW EXECUTE FUNCTION annotate_search_{_kind}()"
    )
PG_DROP = [
    *(f"DROP TRIGGER IF EXISTS annotate_search_{kind} ON {table}"
      for kind, (table, _) in PG_TABLES.items()),
    *(f"DROP FUNCTION IF EXISTS annotate_search_{kind}()" for kind in PG_TABLES),
    "DROP FUNCTION IF EXISTS annotate_search_put(bigint, text, bigint, bigint, bigint, bigint, "
    "text, text, regconfig)",
    "DROP FUNCTION IF EXISTS annotate_search_plain(text)",
    "DROP FUNCTION IF EXISTS annotate_search_config(text)",
    "DROP TABLE IF EXISTS annotate_search",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS annotate_{name}" for name in PG_CONFIG_NAMES),
]

FORWARDS = {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE}
BACKWARDS = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, FORWARDS)
    # Rows that exist already (an installation migrating) enter the index through the
    # triggers: touching each row's indexed columns rewrites its search rows.
    for table, column in (("annotate_document", "title"), ("annotate_claim", "quote"),
                          ("annotate_source", "title"), ("annotate_comment", "body")):
        schema_editor.execute(f"UPDATE {table} SET {column} = {column}", params=None)


def backwards(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("annotate", "0008_i13b_links_warnings_copies")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
