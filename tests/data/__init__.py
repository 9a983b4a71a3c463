"""Paths of the reference files the tests read (see README.md here)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent
LITELLM_MAP = DATA / "litellm" / "model_prices_and_context_window.json"
TLS_CERT = DATA / "tls" / "hooks.example.test.pem"
TLS_KEY = DATA / "tls" / "hooks.example.test.key"
