"""The verbs of the product. Services take models and validated data, flush, never commit."""
