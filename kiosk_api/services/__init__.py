"""Use cases: each service function owns its transaction."""
