"""Scoring an extraction system's records against the gold records: entities and metrics."""

from annotator.services.evaluation.entity_scores import NERVALUATE_NAMES, SCHEMES
from annotator.services.evaluation.error_cases import sentence_context
from annotator.services.evaluation.loading import (
    read_gold_file,
    read_gold_layer,
    read_gold_release,
    read_predictions,
)
from annotator.services.evaluation.metric_scores import SCORED_FIELDS, numbers_agree
from annotator.services.evaluation.pairing import Sourced, evaluate
from annotator.services.evaluation.results import Evaluation
from annotator.services.evaluation.spans import classify_spans

__all__ = [
    "NERVALUATE_NAMES",
    "SCHEMES",
    "SCORED_FIELDS",
    "Evaluation",
    "Sourced",
    "classify_spans",
    "evaluate",
    "numbers_agree",
    "read_gold_file",
    "read_gold_layer",
    "read_gold_release",
    "read_predictions",
    "sentence_context",
]
