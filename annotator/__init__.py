"""Annotator: a desktop tool for building a gold dataset of entities and metrics in Chinese news."""

__version__ = "0.1.0"
