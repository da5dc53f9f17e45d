"""The archive: records, the store of originals, and the search seam."""
