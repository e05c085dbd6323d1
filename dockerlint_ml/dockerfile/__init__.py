"""The Dockerfile itself: text parsed into frozen records (stages, instructions, spans,
variables). The bottom layer: it imports nothing else of dockerlint_ml."""
