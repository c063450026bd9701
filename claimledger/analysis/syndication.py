"""Near-duplicate documents: wire copies, re-publications, an article cut into parts.

Each document's text becomes a set of 3-word shingles (lower-cased word tokens), summarised by
a MinHash signature (datasketch, 128 permutations, fixed seed, so the same text always gives the
same signature). Two documents are near-duplicates when their estimated Jaccard similarity is at
least 0.7, or when at least 0.8 of the smaller one's shingles are in the larger one (a part of an
article, or a copy that cut or added a few paragraphs) — the smaller having at least 20 shingles.

Candidates are found with LSH banding (datasketch's band layout for a Jaccard threshold of 0.4:
32 bands of 4 rows, so a pair at Jaccard 0.7 is a candidate with probability > 0.9999, at 0.5
with 0.87); the band keys are stored in the ledger, so a new document finds its candidates with
an index lookup instead of comparing against every signature. Every candidate is verified
against the thresholds above.

Groups are the connected components of the near-duplicate relation, named by their smallest
document row id; documents are grouped incrementally as they are stored (`update_groups`), in
row id order. A document that links two groups merges them. Which documents make a group does
not depend on the order they arrive in (components are order-free); a group's number is its
oldest document's row id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from claimledger.storage import neardups

if TYPE_CHECKING:
    from claimledger.storage import Store

SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 1
JACCARD_THRESHOLD = 0.7
CONTAINMENT_THRESHOLD = 0.8
MIN_CONTAINMENT_SHINGLES = 20
LSH_THRESHOLD = 0.4
BATCH = 200  # documents per grouping transaction

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The distinct k-word shingles of a text: lower-cased word tokens, punctuation dropped."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


@lru_cache(maxsize=1)
def _band_ranges() -> tuple[tuple[int, int], ...]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return tuple((int(a), int(b)) for a, b in lsh.hashranges)


@dataclass(frozen=True, slots=True)
class Signature:
    """A document's MinHash: NUM_PERM hash values (uint32, little-endian) and its shingle count."""

    data: bytes
    shingles: int

    def values(self) -> Any:
        import numpy as np

        return np.frombuffer(self.data, dtype="<u4")

    def bands(self) -> list[tuple[int, int]]:
        """(band, key) for each LSH band: a signed 64-bit digest of the band's hash values."""
        if self.shingles == 0:
            return []
        out = []
        for band, (a, b) in enumerate(_band_ranges()):
            digest = hashlib.blake2b(self.data[4 * a : 4 * b], digest_size=8).digest()
            out.append((band, int.from_bytes(digest, "little", signed=True)))
        return out


def signature(text: str) -> Signature:
    from datasketch import MinHash

    sh = shingles(text)
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    if sh:
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    # Hash values are below 2**32 (datasketch's 32-bit hashes): four bytes each suffice.
    return Signature(m.hashvalues.astype("<u4").tobytes(), len(sh))


@dataclass(frozen=True, slots=True)
class Similarity:
    jaccard: float  # estimated |A ∩ B| / |A ∪ B|
    containment: float  # estimated |A ∩ B| / min(|A|, |B|)


def similarity(a: Signature, b: Signature) -> Similarity:
    if a.shingles == 0 or b.shingles == 0:
        return Similarity(0.0, 0.0)
    j = float((a.values() == b.values()).mean())
    inter = j * (a.shingles + b.shingles) / (1 + j)
    return Similarity(j, min(1.0, inter / min(a.shingles, b.shingles)))


def near_duplicates(a: Signature, b: Signature) -> bool:
    s = similarity(a, b)
    if s.jaccard >= JACCARD_THRESHOLD:
        return True
    small = min(a.shingles, b.shingles)
    return small >= MIN_CONTAINMENT_SHINGLES and s.containment >= CONTAINMENT_THRESHOLD


# -- keeping the ledger's groups up to date ------------------------------------------------------


def update_groups(store: Store, batch: int = BATCH) -> int:
    """Group every document not yet grouped; returns how many were. Signatures are computed
    outside the transaction; each batch is grouped in one."""
    done = 0
    while True:
        pending = store.read(lambda conn: neardups.pending_documents(conn, batch))
        if not pending:
            return done
        sigs = [(doc, signature(text)) for doc, text in pending]
        done += store.write(partial(_group, sigs=sigs))


def _group(conn: Connection, *, sigs: Sequence[tuple[int, Signature]]) -> int:
    neardups.lock(conn)
    todo = neardups.ungrouped(conn, [d for d, _ in sigs])
    n = 0
    for doc, sig in sigs:
        if doc not in todo:
            continue
        bands = sig.bands()
        linked: list[int] = []
        candidates = neardups.band_candidates(conn, bands) - {doc} if bands else set()
        if candidates:
            for other, (count, data) in sorted(neardups.signatures(conn, candidates).items()):
                if near_duplicates(sig, Signature(data, count)):
                    linked.append(other)
        groups = set(neardups.groups_of(conn, linked).values())
        group = min({doc} | groups)
        neardups.merge_groups(conn, groups, group)
        neardups.add_signature(conn, doc, sig.shingles, sig.data, bands, group)
        n += 1
    return n
