"""Pure Python core: records, ids, the query language, tags, URLs, summaries, rendering."""
