"""The query layer: the language read leniently into a tree, the engine that evaluates it
over the stores, spelling (fuzzy words, did you mean) and snippets."""
