"""The terminal frontend."""
