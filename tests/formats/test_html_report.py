"""The HTML evaluation report: article text shown literally, tables, charts, confusion, errors."""

from __future__ import annotations

from html.parser import HTMLParser

from annotator.domain.entities import Entity
from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats.html_report import render_report, write_report
from annotator.services.evaluation import Sourced, evaluate

HOSTILE = "在<script>alert(1)</script>之后,<img src=x onerror=alert(2)>浏阳市&amp;长沙市新增14个<b>车位</b>。"


class _Page(HTMLParser):
    """Collects the tags a browser would build and the text it would show."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.marked: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)
        self._in_mark = tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marked.append(data)


def _entity(eid: str, label: str, needle: str) -> Entity:
    start = HOSTILE.index(needle)
    return Entity(eid, label, start, start + len(needle), needle)


def _report() -> str:
    value_start = HOSTILE.index("14")
    gold = LayerRecord(
        Document("doc<1>", HOSTILE),
        "gold",
        (
            _entity("e1", "PLACE", "浏阳市"),
            _entity("e2", "PLACE", "长沙市"),
            _entity("e3", "ORG", "<script>alert(1)</script>"),
        ),
        (),
        (
            Metric(
                "m1",
                value=Field(value_start, value_start + 2, "14", 14),
                unit=Field(value_start + 2, value_start + 3, "个", normalized="个"),
            ),
        ),
    )
    pred = LayerRecord(
        Document("doc<1>", HOSTILE),
        "pred:x",
        (
            _entity("p1", "ORG", "浏阳市"),  # wrong label
            _entity("p2", "<b>X</b>", "<img src=x onerror=alert(2)>"),  # spurious, odd label
        ),
        (),
        (Metric("x1", value=Field(value_start, value_start + 2, "14", 15)),),
    )
    evaluation = evaluate([Sourced("g", gold)], [Sourced("p", pred)])
    evaluation.sources.update(gold="gold<i>.jsonl", pred="pred.jsonl")
    return render_report(evaluation.to_json(), evaluation.errors, title="Run <1>")


def test_article_text_with_markup_appears_literally_and_nothing_executes():
    html = _report()
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" in page.tags
    assert not any(name.startswith("on") for name, _ in page.attributes)
    shown = "".join(page.text)
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(2)>" in shown
    assert "&amp;" in shown  # the text's own "&amp;" stays five characters
    assert "<b>X</b>" in shown and "doc<1>" in shown and "Run <1>" in shown
    assert "<script>alert(1)</script>" in page.marked  # the missed ORG, highlighted
    assert "<img src=x onerror=alert(2)>" in page.marked


def test_report_holds_tables_charts_confusion_and_every_error_without_external_links():
    html = _report()
    page = _Page()
    page.feed(html)
    assert {"table", "svg", "rect", "mark", "style"} <= page.tags
    assert "http://" not in html and "https://" not in html and "<link" not in html
    shown = "".join(page.text)
    # Errors: wrong label 浏阳市, spurious <img…>, missed 长沙市 and <script…>; metric number and
    # unit wrong: 4 + 2.
    for heading in (
        "Entities",
        "Per label (strict)",
        "Label confusion",
        "Metrics",
        "Field accuracy on matched pairs",
        "Errors (6)",
    ):
        assert heading in shown
    for kind in (
        "wrong label",
        "false positive (spurious)",
        "false negative (missed)",
        "wrong field",
    ):
        assert kind in shown
    # Confusion: gold PLACE predicted ORG once; gold ORG and PLACE 长沙市 found by nothing.
    assert "gold \\ predicted" in shown and "none" in shown


def test_write_report_writes_utf8_file(tmp_path):
    evaluation = evaluate([], [])
    path = tmp_path / "report.html"
    write_report(path, evaluation.to_json(), evaluation.errors)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Errors (0)" in html
