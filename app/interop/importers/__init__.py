"""Importers: one module per foreign export format, all yielding ImportedItem records."""
