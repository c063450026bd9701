"""Filter names checked against what a ledger and its lexicon know, with the nearest ones
suggested ("personel.killed" → did you mean personnel.killed?)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from claimledger.analysis.errors import AnalysisError
from claimledger.lexicon import Lexicon
from claimledger.storage.names import LedgerNames
from claimledger.storage.records import ClaimFilter


def suggest(name: str, known: Sequence[str]) -> str:
    """ " (did you mean personnel.killed?)" for the known names nearest to `name`, each
    compared whole and by its parts ("tank" → equipment.tanks, "Sinegubov" → Oleh
    Synehubov); with none near, " (known: …)" and the first few, so that the line always
    says what would work."""
    by_key: dict[str, list[str]] = {}
    for k in known:
        for key in {k.lower(), *re.split(r"[.\s_]+", k.lower())}:
            if key:
                by_key.setdefault(key, []).append(k)
    close = difflib.get_close_matches(name.lower(), list(by_key), n=5, cutoff=0.6)
    names = list(dict.fromkeys(k for key in close for k in by_key[key]))[:3]
    if names:
        return f" (did you mean {', '.join(names)}?)"
    if not known:
        return ""
    shown = ", ".join(sorted(known)[:5])
    return f" (known: {shown}{', …' if len(known) > 5 else ''})"


def check_filter_names(f: ClaimFilter, held: LedgerNames, lexicon: Lexicon) -> None:
    """Raise AnalysisError for a metric, subject or claimant of `f` that neither the ledger
    (`held`) nor the lexicon knows, naming the nearest they do; names that exist pass even
    when no claim matches them."""
    if f.metric:
        metrics = sorted({*held.metrics, *lexicon.metrics})
        kinds = {m.split(".", 1)[0] for m in metrics}
        if f.metric not in metrics and f.metric not in kinds:
            raise AnalysisError(f"unknown metric {f.metric!r}{suggest(f.metric, metrics)}")
    if f.subject:
        subjects = sorted({*held.subjects, *lexicon.parties})
        if f.subject.lower() not in (s.lower() for s in subjects):
            raise AnalysisError(f"unknown subject {f.subject!r}{suggest(f.subject, subjects)}")
    if f.claimant:
        names = sorted({*held.claimants, *lexicon.claimants})
        if not any(f.claimant.lower() in n.lower() for n in names):
            raise AnalysisError(f"unknown claimant {f.claimant!r}{suggest(f.claimant, names)}")
