"""Turning saved files into records: readers per format, extraction, tagging, indexing runs."""
