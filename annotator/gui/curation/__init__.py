"""The curation window: adjudicating the annotators' versions into gold, in the text, by key."""
