"""Getting articles in: fetching pages, reading files, extracting readable text."""
