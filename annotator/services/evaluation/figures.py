"""Precision, recall and F1 from hit, predicted and gold counts (entities and metrics alike)."""

from __future__ import annotations


def precision_recall_f1(hit: int | float, actual: int, possible: int) -> tuple[float, float, float]:
    """hit / actual, hit / possible and their harmonic mean; 0.0 wherever a denominator is 0."""
    precision = hit / actual if actual > 0 else 0.0
    recall = hit / possible if possible > 0 else 0.0
    f1 = 2 * (precision * recall) / (precision + recall) if (precision + recall) > 0 else 0.0
    return precision, recall, f1
