"""Small dialogs: save a URL, tag articles, the shortcut sheet."""
