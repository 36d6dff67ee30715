"""Broadsheet: a local-first desktop archive for saved articles."""

APP_NAME = "Broadsheet"
APP_ID = "org.broadsheet.Broadsheet"
__version__ = "0.1.0"
