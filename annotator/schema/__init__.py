"""The label schema (labels, colours, keys) and the export JSON Schema, loaded from resources/."""
