"""CurationParts: what the parts of the curation widget (navigation, deciding, gold editing) use
of the widget and of each other.

Each part's methods take `self: CurationParts`, so a part type-checks on its own and the widget
that combines them is checked against this wherever a part's method is called on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTabWidget

from annotator.domain.metrics import Metric
from annotator.gui.curation.session import CurationSession
from annotator.gui.curation.tables import ItemList, VersionTable
from annotator.gui.curation.text_view import CurationTextView
from annotator.gui.widgets.metric_form import MetricFormWidget
from annotator.services import editing
from annotator.services.curation import CurationView
from annotator.services.curation_items import CurationItems, Item
from annotator.services.curation_progress import DocumentProgress


class CurationParts(Protocol):
    session: CurationSession
    undo_stack: QUndoStack
    # What is shown: the document's view, its items, which is current.
    view: CurationView | None
    items: CurationItems
    current: int | None
    progress: dict[str, DocumentProgress]
    _made_key: str | None  # a gold metric the curator just made (M)
    _replay_failed: bool  # an undo or redo step the database refused while it replayed
    # The widgets.
    documents: QComboBox
    gold_status: QComboBox
    text_view: CurationTextView
    legend: QLabel
    item_list: ItemList
    versions: VersionTable
    metric_form: MetricFormWidget
    side: QTabWidget
    reason: QLineEdit
    message: QLabel
    progress_label: QLabel

    @property
    def doc_id(self) -> str | None: ...

    @property
    def ordered(self) -> list[Item]: ...

    @property
    def current_item(self) -> Item | None: ...

    def reload(self) -> None: ...

    def confirm(self, title: str, question: str) -> bool: ...

    # -- navigation
    def select_item(self, index: int | None, field: str | None = None) -> None: ...

    def next_open(self, step: int, from_start: bool = False) -> bool: ...

    def _label_documents(self) -> None: ...

    # -- deciding
    def _reason(self) -> str: ...

    def _decide(
        self, text: str, action: Callable[[], editing.Applied | None], advance: bool = True
    ) -> bool: ...

    def take(self, k: int) -> bool: ...

    def _after_field(self, key: str, field: str | None) -> None: ...

    def _item_text(self, item: Item) -> str: ...

    # -- gold editing
    def gold_metric(self) -> Metric | None: ...

    def _made_metric(self) -> Metric | None: ...

    def show_gold_metric(self) -> None: ...

    def save_gold_metric(self, metric: Metric) -> bool: ...
