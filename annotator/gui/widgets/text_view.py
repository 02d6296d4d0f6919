"""TextView: the article as plain text, spans coloured by label, tagged by selection and key."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.domain.metrics import SURFACE_FIELDS, Field, Metric
from annotator.domain.repeats import repeated_paragraphs
from annotator.domain.segments import SegmentLabel
from annotator.domain.text import BmpOffsets, Utf16Offsets, utf16_offsets
from annotator.gui.fonts import text_font
from annotator.gui.plain import plain_tooltip
from annotator.gui.widgets.marks import Mark, paint_mark
from annotator.schema.labels import LabelSchema
from annotator.services.documents import DocumentView

_DIM = QColor("#9a9a9a")
_SELECTED_ENTITY = QColor("#202020")
_METRIC_OUTLINE = QColor("#d62828")
_STRUCTURE = (SegmentLabel.HEADLINE, SegmentLabel.BYLINE, SegmentLabel.CAPTION)


class TextView(QPlainTextEdit):
    """Read-only and plain: article text is data, so markup in it shows as typed."""

    entity_clicked = Signal(object)  # entity id, or None when the click hit no entity

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("text_view")
        self._schema = schema
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(text_font(14))
        self._offsets: Utf16Offsets | BmpOffsets = BmpOffsets("")
        self._view: DocumentView | None = None
        self._selected_entity: str | None = None
        self._metric: Metric | None = None
        self._keys: dict[str, QAction] = {}
        self._painted: dict[tuple[str, str, int, int], QTextEdit.ExtraSelection] = {}
        self._window = (0, 0)
        self._repeats: list[tuple[int, int]] = []
        # Nested spans in the painted window: a thick bar under each, since a text underline
        # alone is hard to see on top of the outer span's colour.
        self._nested: list[tuple[int, int, QColor]] = []
        # Drawn over the text by group ("suggestions", "overlay"); set by their controllers.
        self._marks: dict[str, tuple[Mark, ...]] = {}
        # Controllers that set their marks a turn of the event loop after a change (so that a
        # key press paints first) bring them up to date before anyone reads them.
        self._mark_updaters: list[Callable[[], None]] = []
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- keys --------------------------------------------------------------------------------

    def add_key_action(self, action: QAction) -> None:
        """Make `action` answer its shortcut while the text has focus."""
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        for sequence in action.shortcuts():
            self._keys[sequence.toString()] = action

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Shortcuts normally fire first; this catches keys delivered while the window is not
        # active (synthetic events, some window managers) so a key never silently does nothing.
        combo = QKeySequence(event.keyCombination()).toString()
        action = self._keys.get(combo)
        if action is not None and action.isEnabled():
            action.trigger()
            return
        super().keyPressEvent(event)

    # -- offsets -----------------------------------------------------------------------------

    @property
    def offsets(self) -> Utf16Offsets | BmpOffsets:
        return self._offsets

    def selection(self) -> tuple[int, int] | None:
        """The selected text in code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        try:
            start = self._offsets.to_code_point(cursor.selectionStart())
            end = self._offsets.to_code_point(cursor.selectionEnd())
        except ValueError:
            return None
        return (start, end) if end > start else None

    def reveal(self, start: int) -> None:
        """Scroll so that code point `start` is on screen, keeping the selection as it is."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        if self.viewport().rect().contains(self.cursorRect(cursor).center()):
            return
        block = cursor.block()
        line = block.layout().lineForTextPosition(cursor.positionInBlock())
        # The scroll bar of QPlainTextEdit counts visual lines; leave two lines above.
        first = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
        self.verticalScrollBar().setValue(max(0, first - 2))

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_span(self, start: int, end: int) -> None:
        """Select code points start..end and scroll them into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- content -----------------------------------------------------------------------------

    def show_document(self, view: DocumentView) -> None:
        # No view while the text is replaced: setPlainText scrolls, and spans of the new
        # document must not be placed on the old text.
        self._view = None
        self.setExtraSelections([])
        self._painted = {}
        self._offsets = utf16_offsets(view.document.text)
        self.setPlainText(view.document.text)
        self._view = view
        self._repeats = repeated_paragraphs(view.document.text)
        self._selected_entity = None
        self._metric = None
        self._repaint_spans()

    def update_annotations(self, view: DocumentView) -> None:
        """New annotations on the same text: only the span formats change, not the layout."""
        self._view = view
        if self._selected_entity not in {e.id for e in view.entities}:
            self._selected_entity = None
        if self._metric is not None:
            self._metric = next((m for m in view.metrics if m.id == self._metric.id), None)
        self._repaint_spans()

    @property
    def repeats(self) -> list[tuple[int, int]]:
        """Paragraphs of the open text that repeat an earlier one (code points)."""
        return self._repeats

    @property
    def selected_entity(self) -> str | None:
        return self._selected_entity

    def set_selected_entity(self, entity_id: str | None) -> None:
        self._selected_entity = entity_id
        self.viewport().update()

    def set_selected_metric(self, metric: Metric | None) -> None:
        self._metric = metric
        self.viewport().update()

    def set_marks(self, group: str, marks: list[Mark] | tuple[Mark, ...]) -> None:
        """Replace the marks of `group`; an empty list removes them."""
        if marks:
            self._marks[group] = tuple(marks)
        else:
            self._marks.pop(group, None)
        self.viewport().update()

    def add_mark_updater(self, update: Callable[[], None]) -> None:
        """Call `update` before marks are read (not before painting: a paint shows the marks
        as they are, and the controller repaints them when it has brought them up to date)."""
        self._mark_updaters.append(update)

    def _update_marks(self) -> None:
        for update in self._mark_updaters:
            update()

    def marks(self, group: str) -> tuple[Mark, ...]:
        self._update_marks()
        return self._marks.get(group, ())

    def marks_at(self, cp: int) -> list[Mark]:
        """Every mark covering code point `cp`, in group order."""
        self._update_marks()
        return [m for marks in self._marks.values() for m in marks if m.start <= cp < m.end]

    def entity_at(self, cp: int) -> str | None:
        """The innermost entity covering code point `cp`."""
        if self._view is None:
            return None
        covering = [e for e in self._view.entities if e.start <= cp < e.end]
        if not covering:
            return None
        return min(covering, key=lambda e: (e.end - e.start, e.id)).id

    def _selection(self, kind: str, label: str, start: int, end: int) -> QTextEdit.ExtraSelection:
        """The painted range for one span, built once per document and reused on each change."""
        key = (kind, label, start, end)
        cached = self._painted.get(key)
        if cached is not None:
            return cached
        fmt = QTextCharFormat()
        colour = QColor(self._schema.colour(label))
        if kind in ("duplicate", "repeat"):
            fmt.setForeground(_DIM)
            fmt.setFontItalic(kind == "duplicate")
        elif kind == "nested":
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour.darker(160))
            fmt.setProperty(QTextFormat.Property.FontUnderline, True)
        else:
            fmt.setBackground(colour)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        self._painted[key] = selection
        return selection

    def _visible_range(self) -> tuple[int, int]:
        """Code points shown now, widened by a screen above and below.

        Only spans there are handed to Qt, so a long, densely tagged page opens and updates
        as fast as a short one; scrolling brings in the rest (see `_scrolled`).
        """
        if not self.isVisible():
            return 0, 1 << 62
        viewport = self.viewport().rect()
        first = self.cursorForPosition(viewport.topLeft()).position()
        last = self.cursorForPosition(viewport.bottomRight()).position()
        margin = max(last - first, 500)
        self._window = (max(0, first - margin), last + margin)
        return self._window[0], self._window[1]

    def _scrolled(self) -> None:
        if self._view is None or not self.isVisible():
            return
        viewport = self.viewport().rect()
        first = self.cursorForPosition(viewport.topLeft()).position()
        last = self.cursorForPosition(viewport.bottomRight()).position()
        lo, hi = self._window
        if (
            first < lo
            or last > hi
            or (lo > 0 and first - lo < (last - first) // 2)
            or hi - last < (last - first) // 2
        ):
            self._repaint_spans()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scrolled()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._repaint_spans()

    def _repaint_spans(self) -> None:
        view = self._view
        if view is None:
            self._nested = []
            self.setExtraSelections([])
            return
        lo, hi = self._visible_range()
        selections = []
        for start, end in self._repeats:  # detected: dimmed until marked DUPLICATE (italic too)
            if end >= lo and start <= hi:
                selections.append(self._selection("repeat", "DUPLICATE", start, end))
        for segment in view.segments:
            if segment.end < lo or segment.start > hi:
                continue
            if segment.label == SegmentLabel.DUPLICATE:
                selections.append(
                    self._selection("duplicate", segment.label, segment.start, segment.end)
                )
            elif segment.label in _STRUCTURE:
                selections.append(
                    self._selection("background", segment.label, segment.start, segment.end)
                )
        ordered = sorted(view.entities, key=lambda e: (e.start, -e.end, e.id))
        self._nested = []
        open_ends: list[int] = []
        for entity in ordered:
            # Outer spans get the background; a span inside another is underlined in its
            # colour, so both stay visible (spec: nested entities).
            open_ends = [end for end in open_ends if end > entity.start]
            nested = any(end >= entity.end for end in open_ends)
            open_ends.append(entity.end)
            if entity.end < lo or entity.start > hi:
                continue
            if nested:
                self._nested.append(
                    (
                        entity.start,
                        entity.end,
                        QColor(self._schema.colour(entity.label)).darker(130),
                    )
                )
            selections.append(
                self._selection(
                    "nested" if nested else "background", entity.label, entity.start, entity.end
                )
            )
        self.setExtraSelections(selections)

    # -- outlines ----------------------------------------------------------------------------

    def _outlines(self) -> Iterator[tuple[int, int, QColor, Qt.PenStyle]]:
        view = self._view
        if view is None:
            return
        if self._selected_entity is not None:
            for entity in view.entities:
                if entity.id == self._selected_entity:
                    yield entity.start, entity.end, _SELECTED_ENTITY, Qt.PenStyle.SolidLine
        if self._metric is not None:
            for name in SURFACE_FIELDS:
                span = _span_of(getattr(self._metric, name))
                if span is not None and name != "evidence":
                    yield *span, _METRIC_OUTLINE, Qt.PenStyle.SolidLine
            evidence = _span_of(self._metric.evidence)
            if evidence is not None:
                yield *evidence, _METRIC_OUTLINE, Qt.PenStyle.DotLine

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        outlines = list(self._outlines())
        if not outlines and not self._nested and not self._marks:
            return
        # Only what is on screen gets layout work: a dense page has hundreds of spans.
        viewport = self.viewport().rect()
        shown = (
            self.cursorForPosition(viewport.topLeft()).position(),
            self.cursorForPosition(viewport.bottomRight()).position(),
        )
        painter = QPainter(self.viewport())
        if self._marks:
            self._paint_marks(painter, shown)
        for start, end, colour in self._nested:
            for rect in self._shown_rects(start, end, shown):
                if rect.bottom() >= 0:
                    painter.fillRect(
                        QRectF(rect.left(), rect.bottom() - 3, rect.width(), 3), colour
                    )
        for start, end, colour, style in outlines:
            painter.setPen(QPen(colour, 2, style))
            for rect in self._shown_rects(start, end, shown):
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    def _shown_rects(self, start: int, end: int, shown: tuple[int, int]) -> Iterator[QRectF]:
        """The rectangles of code points start..end, none when they are off screen (`shown`,
        UTF-16 positions)."""
        try:
            first, last = self._offsets.to_utf16(start), self._offsets.to_utf16(end)
        except ValueError:  # set for a text being replaced
            return iter(())
        if last < shown[0] or first > shown[1]:
            return iter(())
        return self._span_rects(first, last)

    def _paint_marks(self, painter: QPainter, shown: tuple[int, int]) -> None:
        colours: dict[str, QColor] = {}
        for marks in self._marks.values():
            for mark in marks:
                for rect in self._shown_rects(mark.start, mark.end, shown):
                    colour = colours.get(mark.colour)
                    if colour is None:
                        colour = colours[mark.colour] = QColor(mark.colour)
                    paint_mark(painter, rect, mark.style, colour)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._update_marks()  # a key just pressed may have brought marks not yet set
        if event.type() == QEvent.Type.ToolTip and self._marks:
            assert isinstance(event, QHelpEvent)
            try:
                cp = self._offsets.to_code_point(self.cursorForPosition(event.pos()).position())
            except ValueError:
                cp = -1
            tips = [tip for m in self.marks_at(cp) if (tip := m.tooltip)]
            if tips:
                QToolTip.showText(event.globalPos(), plain_tooltip("\n".join(tips)), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _span_rects(self, start: int, end: int) -> Iterator[QRectF]:
        """Rectangles on screen covering UTF-16 positions start..end, one per visual line."""
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                return
            layout = block.layout()
            base = block.position()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                first = max(start, base + line.textStart())
                last = min(end, base + line.textStart() + line.textLength())
                if first >= last:
                    continue
                x1 = _x(line.cursorToX(first - base))
                x2 = _x(line.cursorToX(last - base))
                yield QRectF(x1, line.y(), x2 - x1, line.height()).translated(geometry.topLeft())
            block = block.next()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection():
            return
        try:
            cp = self._offsets.to_code_point(
                self.cursorForPosition(event.position().toPoint()).position()
            )
        except ValueError:
            return
        entity = self.entity_at(cp)
        self.set_selected_entity(entity)
        self.entity_clicked.emit(entity)


def _span_of(field: Field | None) -> tuple[int, int] | None:
    """The characters a metric field covers; None for an empty or implicit field."""
    if field is None or field.start is None or field.end is None:
        return None
    return field.start, field.end


def _x(result: object) -> float:
    # PySide returns (x, position) from QTextLine.cursorToX; older bindings a bare float.
    x = result[0] if isinstance(result, tuple) else result
    if not isinstance(x, int | float):
        raise TypeError(f"QTextLine.cursorToX returned {result!r}")
    return float(x)
