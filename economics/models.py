"""Models of the economics app."""
