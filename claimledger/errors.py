"""Errors a user can cause. Each names its input and a reason, and prints on one line."""

from __future__ import annotations

from collections.abc import Callable


class ClaimledgerError(Exception):
    """Base for every error claimledger reports to a user (never shown as a traceback)."""


class SourceError(ClaimledgerError):
    """An input (file, record, URL) that could not be read; the run goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


# Readers report each unreadable input to one of these and go on with the next.
ErrorHandler = Callable[[SourceError], None]


class LedgerError(ClaimledgerError):
    """A ledger (database) that cannot be opened, read or written."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason


class LexiconError(ClaimledgerError):
    """A lexicon data file (taxonomy, claimants, places …) that does not validate."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class GoldError(ClaimledgerError):
    """A gold file that cannot be scored."""
