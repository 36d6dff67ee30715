"""Item models for the window: the article list and the tag tree."""
