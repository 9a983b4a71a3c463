"""Writes of the cost book, one module per topic: prices, costing, recalculations, fixed costs."""
