"""The curation window (see the `annotator.gui.curation` package)."""

from annotator.gui.curation.widget import CurationWidget

__all__ = ["CurationWidget"]
