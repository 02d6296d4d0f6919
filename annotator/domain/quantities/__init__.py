"""Quantity detection in Chinese news text: number, unit, approximation and a guessed indicator."""

from __future__ import annotations

from annotator.domain.quantities.detector import Quantity, find_quantities
from annotator.domain.quantities.numbers import parse_number
from annotator.domain.quantities.snapping import snap_to_quantity
from annotator.domain.quantities.units import UNIT_NORMALISATION

__all__ = ["Quantity", "find_quantities", "parse_number", "snap_to_quantity", "UNIT_NORMALISATION"]
