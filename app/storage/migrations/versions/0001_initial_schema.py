"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Also creates the FTS5 index and the triggers that keep it in sync (SQLite only;
a PostgreSQL backend will use a tsvector column instead).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("final_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("final_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("canonical_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("canonical_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("site", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("lead_image", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("published", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("saved", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("excerpt", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("reading_minutes", sa.Integer(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("favorite", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("trashed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reading_progress", sa.Float(), nullable=False),
        sa.Column("reading_anchor", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("body_markdown", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("tags_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("fetch_status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("fetch_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("fetch_attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index("ix_article_canonical_key", ["canonical_key"], unique=False)
        batch_op.create_index("ix_article_fetch", ["fetch_status", "saved"], unique=False)
        batch_op.create_index("ix_article_final_key", ["final_key"], unique=False)
        batch_op.create_index("ix_article_host", ["host", "id"], unique=False)
        batch_op.create_index("ix_article_minutes", ["reading_minutes", "id"], unique=False)
        batch_op.create_index("ix_article_published", ["published", "id"], unique=False)
        batch_op.create_index("ix_article_saved", ["saved", "id"], unique=False)
        batch_op.create_index("ix_article_site", ["site", "id"], unique=False)
        batch_op.create_index("ix_article_title", ["title_key", "id"], unique=False)
        batch_op.create_index("ix_article_trashed", ["trashed_at"], unique=False)
        batch_op.create_index("ix_article_url_key", ["url_key"], unique=False)

    op.create_table(
        "asset",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mime", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("created", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("color", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tag_key"), ["key"], unique=True)

    op.create_table(
        "article_asset",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["asset.sha256"],
        ),
        sa.PrimaryKeyConstraint("article_id", "sha256", "role"),
    )
    with op.batch_alter_table("article_asset", schema=None) as batch_op:
        batch_op.create_index("ix_article_asset_sha", ["sha256"], unique=False)

    op.create_table(
        "article_tag",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "tag_id"),
    )
    with op.batch_alter_table("article_tag", schema=None) as batch_op:
        batch_op.create_index("ix_article_tag_tag", ["tag_id", "article_id"], unique=False)

    op.create_table(
        "highlight",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("color", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("suffix", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("created", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("highlight", schema=None) as batch_op:
        batch_op.create_index("ix_highlight_article", ["article_id"], unique=False)

    op.create_table(
        "summary",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("body_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )

    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DDL:
            op.execute(statement)


# The FTS content is a view, so the index can read the article's text columns under the
# names it indexes. Tag paths reach it through article.tags_text (joined by newlines),
# which the article_tag triggers keep current. The delete trigger passes the OLD values,
# as external-content tables require; an update re-indexes only when an indexed column
# changed.
FTS_DDL = [
    """CREATE VIEW article_fts_src AS
       SELECT id, title, author, site, body_text AS body, tags_text AS tags FROM article""",
    """CREATE VIRTUAL TABLE article_fts USING fts5(
         title, author, site, body, tags,
         content='article_fts_src', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
         INSERT INTO article_fts(rowid, title, author, site, body, tags)
         VALUES (new.id, new.title, new.author, new.site, new.body_text, new.tags_text);
       END""",
    """CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, author, site, body, tags)
         VALUES ('delete', old.id, old.title, old.author, old.site, old.body_text, old.tags_text);
       END""",
    """CREATE TRIGGER article_fts_au AFTER UPDATE OF title, author, site, body_text, tags_text
       ON article BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, author, site, body, tags)
         VALUES ('delete', old.id, old.title, old.author, old.site, old.body_text, old.tags_text);
         INSERT INTO article_fts(rowid, title, author, site, body, tags)
         VALUES (new.id, new.title, new.author, new.site, new.body_text, new.tags_text);
       END""",
    """CREATE TRIGGER article_tag_ai AFTER INSERT ON article_tag BEGIN
         UPDATE article SET tags_text = (
           SELECT coalesce(group_concat(t.path, char(10)), '') FROM article_tag x
           JOIN tag t ON t.id = x.tag_id WHERE x.article_id = new.article_id)
         WHERE id = new.article_id;
       END""",
    """CREATE TRIGGER article_tag_ad AFTER DELETE ON article_tag BEGIN
         UPDATE article SET tags_text = (
           SELECT coalesce(group_concat(t.path, char(10)), '') FROM article_tag x
           JOIN tag t ON t.id = x.tag_id WHERE x.article_id = old.article_id)
         WHERE id = old.article_id;
       END""",
    """CREATE TRIGGER tag_au AFTER UPDATE OF path ON tag BEGIN
         UPDATE article SET tags_text = (
           SELECT coalesce(group_concat(t.path, char(10)), '') FROM article_tag x
           JOIN tag t ON t.id = x.tag_id WHERE x.article_id = article.id)
         WHERE id IN (SELECT article_id FROM article_tag WHERE tag_id = new.id);
       END""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "tag_au",
            "article_tag_ad",
            "article_tag_ai",
            "article_fts_au",
            "article_fts_ad",
            "article_fts_ai",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS article_fts")
        op.execute("DROP VIEW IF EXISTS article_fts_src")
    op.drop_table("summary")
    with op.batch_alter_table("highlight", schema=None) as batch_op:
        batch_op.drop_index("ix_highlight_article")

    op.drop_table("highlight")
    with op.batch_alter_table("article_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_article_tag_tag")

    op.drop_table("article_tag")
    with op.batch_alter_table("article_asset", schema=None) as batch_op:
        batch_op.drop_index("ix_article_asset_sha")

    op.drop_table("article_asset")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tag_key"))

    op.drop_table("tag")
    op.drop_table("setting")
    op.drop_table("saved_search")
    op.drop_table("asset")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_url_key")
        batch_op.drop_index("ix_article_trashed")
        batch_op.drop_index("ix_article_title")
        batch_op.drop_index("ix_article_site")
        batch_op.drop_index("ix_article_saved")
        batch_op.drop_index("ix_article_published")
        batch_op.drop_index("ix_article_minutes")
        batch_op.drop_index("ix_article_final_key")
        batch_op.drop_index("ix_article_fetch")
        batch_op.drop_index("ix_article_canonical_key")

    op.drop_table("article")
