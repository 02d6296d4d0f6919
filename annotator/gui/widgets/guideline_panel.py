"""GuidelinePanel: each label's definition and examples, read from resources/guidelines/."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.resources import resource


def guideline_text(language: str) -> str:
    """The guideline Markdown for `language`, falling back to English."""
    for name in (f"labels.{language}.md", "labels.md"):
        path = resource("guidelines", name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


class GuidelinePanel(QTextBrowser):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidelines")
        self.setOpenExternalLinks(False)
        # Our own bundled Markdown, never article text, so rich rendering is safe here.
        self.setMarkdown(guideline_text(language))
