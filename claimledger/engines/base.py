"""What every engine shares: partitions of documents in, per-document outcomes out, in order.

A partition is a list of documents; it is the unit of work an engine hands to a worker, so
that the cost of shipping work (pickling, a scheduler round trip) is paid per partition, not
per document. The worker sends back only what it made — each document's claims, or why its
extraction failed — and the caller, which kept the partition, pairs them up again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from claimledger.deadline import Overtime, hard_deadline
from claimledger.errors import ClaimledgerError, SourceError
from claimledger.model import Claim, Document

# Documents per partition: large enough that a task's overhead (a few ms on Dask) is small
# against its extraction (a few hundred ms), small enough to keep every worker busy.
DEFAULT_PARTITION = 100


class EngineError(ClaimledgerError):
    """An engine that cannot start or lost its workers (no scheduler at the address …)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one document's extraction failed: reported like an unreadable input."""

    reason: str


Outcome = list[Claim] | Failure
ExtractFunction = Callable[[Document], list[Claim]]


@runtime_checkable
class ClaimExtractor(Protocol):
    """What an engine runs on each document: `claimledger.extraction.pipeline.Extractor`, or
    anything with the same two members. Process and Dask workers get a pickled copy."""

    @property
    def time_limit(self) -> float | None:
        """CPU seconds one document's extraction may take (a hard limit where a timer signal
        can be set); None: no hard limit."""
        ...

    def extract(self, doc: Document) -> list[Claim]: ...


@dataclass(frozen=True, slots=True)
class FunctionExtractor:
    """A plain extract function as an engine's extractor, with its own hard time limit."""

    function: ExtractFunction
    time_limit: float | None = None

    def extract(self, doc: Document) -> list[Claim]:
        return self.function(doc)


def claim_extractor(
    extractor: ClaimExtractor | ExtractFunction, time_limit: float | None = None
) -> ClaimExtractor:
    """The extractor an engine runs, from what a caller has: an `Extractor` or a function (a
    function has no hard time limit). `time_limit`, when given, replaces the extractor's own
    hard limit."""
    if isinstance(extractor, ClaimExtractor):
        if time_limit is None:
            return extractor
        return FunctionExtractor(extractor.extract, time_limit)
    return FunctionExtractor(extractor, time_limit)


T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Engine(Protocol):
    """Runs extraction over partitions; results come back in the order partitions went in."""

    @property
    def workers(self) -> int: ...

    def map(self, partitions: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        """Each partition's outcomes, one per document, partition by partition in order.
        Partitions are pulled from the iterable only as workers need them."""
        ...

    def close(self) -> None: ...


def extract_partition(extractor: ClaimExtractor, docs: Sequence[Document]) -> list[Outcome]:
    """Runs where the work is (a worker): one document's failure never ends the partition."""
    out: list[Outcome] = []
    for doc in docs:
        try:
            # The extractor checks its time limit between stages; where a timer signal can
            # (the main thread of this process or of a worker process) one also cuts a stage
            # that runs on. A Dask worker's task thread has the soft checks only.
            with hard_deadline(extractor.time_limit):
                claims = extractor.extract(doc)
        except SourceError as err:  # over the extractor's size or time limit
            out.append(Failure(err.reason))
            continue
        except Overtime as exc:
            out.append(Failure(f"extraction {exc}"))
            continue
        except Exception as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            out.append(Failure(f"extraction failed ({reason})"))
            continue
        wrong = next((c.doc_id for c in claims if c.doc_id != doc.id), None)
        if wrong is not None:
            out.append(Failure(f"extraction failed (a claim's doc_id {wrong!r} is not {doc.id!r})"))
        else:
            out.append(claims)
    return out


def partitions(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """The documents in lists of `size` (the last one shorter), read lazily."""
    part: list[Document] = []
    for doc in docs:
        part.append(doc)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


class Waitable(Protocol[R_co]):
    def result(self) -> R_co: ...


def ordered(
    items: Iterable[T], submit: Callable[[T], Waitable[R]], window: int
) -> Iterator[tuple[T, R]]:
    """Submit items as they come, at most `window` in flight, and yield (item, result) in the
    order the items came: later items run while an earlier one is awaited, and memory holds
    no more than `window` items however long the stream."""
    pending: deque[tuple[T, Waitable[R]]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= window:
            first, future = pending.popleft()
            yield first, future.result()
    while pending:
        first, future = pending.popleft()
        yield first, future.result()
