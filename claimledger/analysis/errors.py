"""Errors of the analyses (kept light: the CLI imports it before anything heavy)."""

from __future__ import annotations

from claimledger.errors import ClaimledgerError


class AnalysisError(ClaimledgerError):
    """A request naming something the analysis does not know: a metric, a subject, a
    reference data set. The message names it (the CLI's exit status 2)."""


class ReferenceDataError(ClaimledgerError):
    """A reference file or the reference mapping that cannot be read; the message names the
    file (the CLI's exit status 1)."""
