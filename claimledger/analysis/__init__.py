"""Analysis of a ledger: near-duplicate groups and entries (kept up to date as documents are
stored), comparison of claimants, consistency checks, reference series.

One job per module:

- syndication  near-duplicate documents (MinHash/LSH over 3-word shingles) → groups
- entries      the same claim in several documents → one entry, its documents and
               independent reports counted
- compare      the figures of each claimant for one metric and subject, period by period
- checks       inconsistencies: rates against totals, falling running totals, increments,
               sub-counts, ranges, self-contradictions, dates
- reference    reference series (Ukrainian MoD, Oryx): load, and line claims up with them
"""

from __future__ import annotations

from claimledger.analysis.counts import AnalysisCounts
from claimledger.analysis.entries import update_entries
from claimledger.analysis.syndication import update_groups
from claimledger.storage import Store


def update(store: Store) -> AnalysisCounts:
    """Group the documents not yet grouped, then put the claims not yet in an entry into one."""
    return AnalysisCounts(update_groups(store), update_entries(store))
