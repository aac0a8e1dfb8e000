"""What keeps the index whole on disk: the writer's lock and the manifest of each generation."""
