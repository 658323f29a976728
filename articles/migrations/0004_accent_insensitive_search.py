"""Accent-insensitive search on PostgreSQL: "cafe" finds "Café", "Malmo" finds "Malmö".

A text search configuration, ``newsroom``, is English with accents removed
(the ``unaccent`` extension) before stemming; the generated search vector is
rebuilt with it. Where the extension cannot be installed, ``newsroom`` is plain
English, so search still works, only accent-sensitive. SQLite: nothing to do.
"""

from django.db import DatabaseError, migrations

VECTOR_SQL = """
    setweight(to_tsvector('{config}', coalesce(headline, '')), 'A') ||
    setweight(to_tsvector('{config}', coalesce(standfirst, '')), 'B') ||
    setweight(to_tsvector('{config}', coalesce(body, '')), 'C')
"""


def rebuild_vector(schema_editor, config):
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN search_vector")
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR_SQL.format(config=config)}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX article_search_vector_gin ON articles_article USING GIN (search_vector)"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION newsroom (COPY = english)")
    try:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SAVEPOINT newsroom_unaccent")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("RELEASE SAVEPOINT newsroom_unaccent")
    except DatabaseError:  # no contrib package, or no right to install it
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ROLLBACK TO SAVEPOINT newsroom_unaccent")
    else:
        schema_editor.execute(
            "ALTER TEXT SEARCH CONFIGURATION newsroom "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )
    rebuild_vector(schema_editor, "newsroom")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    rebuild_vector(schema_editor, "english")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION newsroom")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
