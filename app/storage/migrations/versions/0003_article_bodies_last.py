"""store the article bodies after every other column

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

SQLite stores a row's columns in order and spills a long row onto overflow pages, so a
column stored after the bodies (tags_text, fetch_status, ...) can only be read by walking
the bodies' overflow chain. Search and the article list read those columns for every row
they show; with the bodies last they read one page per row. body_text comes before
body_markdown because search snippets and the FTS index read it, the reader reads both.

The table is rebuilt with SQLite's documented procedure (https://sqlite.org/lang_altertable.html,
"Making Other Kinds Of Table Schema Changes"): the caller (app.storage.migrate) switches
foreign keys off before the transaction, so dropping the old table neither cascades into
article_tag, highlight, summary and article_asset nor trips their constraints; ids are
copied as they are, so those rows still point at their article and the FTS index (keyed by
rowid, its content read through the article_fts_src view) stays valid without a rebuild.
Every index, trigger and view is re-created from its own SQL in sqlite_master, and
PRAGMA foreign_key_check must come back empty before the transaction commits.
"""

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Every column of `article` as 0001 created it (name, SQL declaration), in that order.
COLUMNS_0001 = [
    ("id", "INTEGER NOT NULL"),
    ("given_url", "VARCHAR NOT NULL"),
    ("url_key", "VARCHAR NOT NULL"),
    ("final_url", "VARCHAR"),
    ("final_key", "VARCHAR"),
    ("canonical_url", "VARCHAR"),
    ("canonical_key", "VARCHAR"),
    ("title", "VARCHAR NOT NULL"),
    ("title_key", "VARCHAR NOT NULL"),
    ("author", "VARCHAR"),
    ("site", "VARCHAR"),
    ("host", "VARCHAR"),
    ("language", "VARCHAR"),
    ("description", "VARCHAR"),
    ("lead_image", "VARCHAR"),
    ("note", "TEXT"),
    ("published", "DATETIME"),
    ("saved", "DATETIME NOT NULL"),
    ("updated", "DATETIME"),
    ("excerpt", "VARCHAR"),
    ("word_count", "INTEGER NOT NULL"),
    ("reading_minutes", "INTEGER NOT NULL"),
    ("read", "BOOLEAN NOT NULL"),
    ("favorite", "BOOLEAN NOT NULL"),
    ("archived", "BOOLEAN NOT NULL"),
    ("trashed_at", "DATETIME"),
    ("reading_progress", "FLOAT NOT NULL"),
    ("reading_anchor", "VARCHAR"),
    ("body_markdown", "TEXT NOT NULL"),
    ("body_text", "TEXT NOT NULL"),
    ("tags_text", "VARCHAR NOT NULL"),
    ("content_hash", "VARCHAR"),
    ("source", "VARCHAR NOT NULL"),
    ("fetch_status", "VARCHAR NOT NULL"),
    ("fetch_error", "VARCHAR"),
    ("fetch_attempts", "INTEGER NOT NULL"),
]
BODIES_LAST = ("body_text", "body_markdown")
COLUMNS_0003 = [c for c in COLUMNS_0001 if c[0] not in BODIES_LAST] + [
    c for name in BODIES_LAST for c in COLUMNS_0001 if c[0] == name
]


def _rebuild_article(columns: list[tuple[str, str]]) -> None:
    """Re-create `article` with `columns` in that order, keeping every row, id and object."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return  # column order is a SQLite storage matter
    if conn.execute(text("PRAGMA foreign_keys")).scalar_one():
        raise RuntimeError("rebuilding article needs foreign keys off (see app.storage.migrate)")
    # Views and triggers are dropped first (a rename re-parses them, and ones naming the
    # dropped table would fail it) and re-created last from their stored SQL, with the
    # article indexes (dropped with the old table).
    saved = conn.execute(
        text(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
            "type IN ('view', 'trigger') OR (type = 'index' AND tbl_name = 'article'))"
        )
    ).all()
    for kind, name, _sql in saved:
        if kind != "index":
            conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    declarations = ",\n  ".join(f"{name} {decl}" for name, decl in columns)
    conn.exec_driver_sql(f"CREATE TABLE article_new (\n  {declarations},\n  PRIMARY KEY (id)\n)")
    names = ", ".join(name for name, _decl in columns)
    conn.exec_driver_sql(f"INSERT INTO article_new ({names}) SELECT {names} FROM article")
    conn.exec_driver_sql("DROP TABLE article")
    conn.exec_driver_sql("ALTER TABLE article_new RENAME TO article")
    order = {"index": 0, "view": 1, "trigger": 2}
    for _kind, _name, sql in sorted(saved, key=lambda row: order[row[0]]):
        conn.exec_driver_sql(sql)
    broken = conn.execute(text("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"foreign keys broken by the article rebuild: {broken[:5]}")


def upgrade() -> None:
    _rebuild_article(COLUMNS_0003)


def downgrade() -> None:
    _rebuild_article(COLUMNS_0001)
