"""Inter-annotator agreement: entity F1, character-level kappa and alpha, metric pairing.

Modules: `loading` (which documents count, read from the database), `entity_agreement`,
`character_agreement`, `metric_agreement` (the figures), `report` (assembled per document and
overall, JSON, the dataset card's line). The names below are those used elsewhere.
"""

from annotator.services.agreement.character_agreement import (
    OUTSIDE,
    alpha_from_coincidences,
    alpha_nominal,
    char_labels,
    char_runs,
    coincidences,
    kappa,
)
from annotator.services.agreement.entity_agreement import entity_counts, entity_matches
from annotator.services.agreement.inputs import Annotations, DocumentAnnotations
from annotator.services.agreement.loading import COUNTED_STATUSES, counts, load_annotations
from annotator.services.agreement.matching import Counts
from annotator.services.agreement.metric_agreement import (
    AGREEMENT_FIELDS,
    field_agreement,
    pair_metrics,
)
from annotator.services.agreement.report import (
    AgreementReport,
    PairFigures,
    agreement_report,
    compare_documents,
    compute_agreement,
    document_alpha,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "COUNTED_STATUSES",
    "OUTSIDE",
    "AgreementReport",
    "Annotations",
    "Counts",
    "DocumentAnnotations",
    "PairFigures",
    "agreement_report",
    "alpha_from_coincidences",
    "alpha_nominal",
    "char_labels",
    "char_runs",
    "coincidences",
    "compare_documents",
    "compute_agreement",
    "counts",
    "document_alpha",
    "entity_counts",
    "entity_matches",
    "field_agreement",
    "kappa",
    "load_annotations",
    "pair_metrics",
]
