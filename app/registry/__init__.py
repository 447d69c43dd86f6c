"""Use cases of the registry: validate, store, version and audit events and zones (no Flask)."""
