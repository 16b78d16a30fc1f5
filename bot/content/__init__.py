"""Content packs: loading, validating and importing YAML packs."""
