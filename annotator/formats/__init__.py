"""File formats: one module per format, reading and writing LayerRecords; no database, no Qt."""
