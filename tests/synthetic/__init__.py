"""Generators of synthetic papers for tests and benchmarks, with the true content kept beside the rendered text."""
