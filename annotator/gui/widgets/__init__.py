"""Widgets of the window: text view, metric form, legend, guidelines."""
