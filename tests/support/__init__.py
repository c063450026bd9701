"""Helpers the test layers share: import them as `tests.support.NAME`."""
