"""Pure domain core: documents, spans, entities, metrics, segments, layers. No Qt, no SQL."""
