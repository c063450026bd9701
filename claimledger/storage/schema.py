"""The ledger's tables (SQLAlchemy Core), as the newest migration leaves them.

The migrations under migrations/versions/ build this schema step by step; a test checks that
applying them all gives exactly these tables. Change both together.

- `documents`: one row per distinct text (unique content hash) with its metadata.
- `claims`: one row per Claim, every field of it, pointing to its document; `seq` keeps the
  extractor's order within a document.
- `claimants` and `outlets`: the named bodies, stored once and referenced.
- `ingest_runs`: what each ingest read and added, and whether it finished.
- `doc_signatures`, `doc_bands`: MinHash signatures and LSH band keys (near-duplicate groups).
- `entries`, `entry_claims`: ledger entries, each the same claim in one or more documents.
- `reference_series`, `reference_values`: reference data sets (ua-mod, Oryx) as loaded.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

# Named constraints, so that later migrations can refer to them on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Floats are IEEE doubles on both backends, so a value reads back exactly as it was written.
Double = Float(precision=53)

outlets = Table(
    "outlets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
)

claimants = Table(
    "claimants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    # "running" until it ends as "finished" or "interrupted".
    Column("status", String(16), nullable=False),
    Column("inputs", Text, nullable=False),  # JSON list of the paths and URLs given
    Column("documents_new", Integer, nullable=False, server_default="0"),
    Column("documents_present", Integer, nullable=False, server_default="0"),
    Column("documents_failed", Integer, nullable=False, server_default="0"),
    Column("claims_added", Integer, nullable=False, server_default="0"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Text, nullable=False),  # the user-facing id (file stem, record id …)
    Column("hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    Column("outlet_id", Integer, ForeignKey("outlets.id")),
    Column("language", String(35)),
    Column("source", Text),  # where it was read from: path, path:line, URL
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id")),
    # Set by near-duplicate analysis: documents of one group are copies of one report.
    Column("near_dup_group", Integer),
    Index(None, "doc_id"),
    Index(None, "published"),
    Index(None, "near_dup_group"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("metric", Text, nullable=False),
    Column("subject", Text),
    Column("subject_surface", Text),
    Column("value_low", Double),
    Column("value_high", Double),
    Column("qualifier", String(16), nullable=False),
    Column("rate_per", Double),
    Column("rate_unit", String(16)),
    Column("claimant_id", Integer, ForeignKey("claimants.id")),
    Column("affiliation", Text),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("cumulative", Boolean, nullable=False),
    Column("location", Text),
    Column("group", String(16)),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    # The part of a population a sub-count counts ("children"), else null (revision 0010).
    Column("subset", Text),
    UniqueConstraint("document_id", "seq"),
    Index(None, "metric"),
    Index(None, "subject"),
    Index(None, "claimant_id"),
    Index(None, "location"),
    # One metric for one subject, in stored order (a timeline, a comparison): revision 0007.
    Index(None, "metric", "subject"),
)

# The `claims` filters ignore case (--subject russia): indexes on the lowered columns, then the
# id, so that a page of matching claims comes in stored order without reading the others or
# sorting them (revision 0008).
for _column in ("subject", "location", "affiliation"):
    Index(f"ix_claims_lower_{_column}", func.lower(claims.c[_column]), claims.c.id)

# A timeline draws a claim at the end of its period (else its start): its points for a range of
# days, latest first, come from this index (revision 0009).
Index(
    "ix_claims_timeline_day",
    claims.c.metric,
    claims.c.subject,
    func.coalesce(claims.c.period_end, claims.c.period_start),
    claims.c.id,
)

# -- Analysis (claimledger.analysis): near-duplicate groups, ledger entries, reference series --

# A document's MinHash signature over its 3-word shingles (revision 0003). A document with a
# signature has been grouped: its `documents.near_dup_group` is set.
doc_signatures = Table(
    "doc_signatures",
    metadata,
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("shingles", Integer, nullable=False),  # distinct shingles of the text
    Column("minhash", LargeBinary, nullable=False),  # the hash values, uint32 little-endian
)

# The LSH band keys of each signature: documents sharing a (band, key) are candidates.
doc_bands = Table(
    "doc_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("key", BigInteger, primary_key=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Index(None, "document_id"),
)

# One ledger entry per distinct claim: the same claimant, metric, subject, value and period
# (within a day) in any number of documents (revision 0004). `key` holds the exact part of the
# match; the period and place of the entry's first claim decide the rest.
entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("location", Text),
    Index(None, "key"),
)

entry_claims = Table(
    "entry_claims",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_id", Integer, ForeignKey("entries.id", ondelete="CASCADE"), nullable=False),
    Index(None, "entry_id"),
)

# Reference series (revision 0005): each column of a loaded reference file, as it was read;
# claimledger/analysis/references.toml maps columns to metrics when checking.
reference_series = Table(
    "reference_series",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),  # ua-mod, oryx
    Column("subject", Text, nullable=False),  # whose losses
    Column("name", Text, nullable=False),  # the file's column ("tank", "Tanks")
    Column("path", Text, nullable=False),  # the file it was read from
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "subject", "name"),
)

reference_values = Table(
    "reference_values",
    metadata,
    Column(
        "series_id",
        Integer,
        ForeignKey("reference_series.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("day", Date, primary_key=True),
    Column("value", Double, nullable=False),
    Column("note", Text),  # the file's qualifier for the value ("about", "more")
)

# The user lexicon files ingest read the documents with (revision 0011), stored whole.
lexicon_files = Table(
    "lexicon_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # taxonomy.toml, claimants.toml …
    Column("hash", String(64), nullable=False),  # sha256 of name and text
    Column("text", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("hash"),
)
