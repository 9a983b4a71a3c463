"""A stateful fake Stripe HTTP server for the tests (see server.py)."""

from tests.stripe_fake.server import FakeStripe

__all__ = ["FakeStripe"]
