"""The window: the only package that imports PySide6. Thin: it calls services."""
