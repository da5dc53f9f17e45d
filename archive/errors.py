"""Exceptions that carry a message a user can act on."""


class ArchiveError(Exception):
    """Base class: every error the product reports to a user."""


class QueryError(ArchiveError):
    """The search query or its parameters could not be understood."""


class NotFoundError(ArchiveError):
    """No record with that id is in the archive."""


class IndexOutOfDateError(ArchiveError):
    """The search index was built by another schema version: run `archive reindex`."""


class IndexMissingError(ArchiveError):
    """There is no search index (or it is incomplete): run `archive reindex`."""


class ArchiveLockedError(ArchiveError):
    """Another indexing run holds the archive: wait for it to finish, then try again."""


class ArchiveReadOnlyError(ArchiveError):
    """The archive's folder cannot be written: reading works, indexing does not."""


class NotAnArchiveError(ArchiveError):
    """The folder given as the archive holds no archive."""


class EngineUnavailableError(ArchiveError):
    """The search engine cannot be reached (e.g. an OpenSearch cluster is down)."""


class IndexDamagedError(ArchiveError):
    """The search index's files are damaged or missing: run `archive check --repair`."""
