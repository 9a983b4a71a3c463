"""Database backends of Marginal's own (ENGINE paths of config.settings)."""
