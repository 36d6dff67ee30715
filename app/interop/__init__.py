"""Other tools' files: importers parse them into records, exporters write records out."""
