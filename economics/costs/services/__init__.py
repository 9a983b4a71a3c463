"""Writes of the cost book, one module per topic: prices, costing and re-costing, fixed costs."""
