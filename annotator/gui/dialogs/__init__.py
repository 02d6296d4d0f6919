"""Dialogs: identity, import and export with progress."""
