"""Ingest: files, folders and JSON Lines read into raw documents (loaders), cleaned and
given entities in batches (pipeline), with the extraction cache (cache)."""
