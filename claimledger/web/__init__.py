"""claimledger serve: a read-only dashboard and JSON API over a ledger (FastAPI, Jinja2,
Plotly served from the installed package).

- app       the ASGI app factory (`create_app(store, token=…)`), error handlers, static files
- api       the JSON API under /api (its OpenAPI schema at /openapi.json)
- pages     the HTML pages: overview, timeline, compare, checks, claims, claim, documents,
            document, reference, api
- security  token, Host check, Content-Security-Policy and other headers, GET/HEAD only
- render    values and text segments for the templates (never HTML)
- state     the opened ledger, the lexicon, limits, results cached until the ledger changes
- server    the HTTP protocol uvicorn runs: a deadline for request heads, a connection cap

Everything is read through the ledger's LedgerReader (claimledger.storage.reader), and the
analyses (compare, check, reference_check, timeline) run on that reader with the lexicon the
ledger recorded at ingest (or `serve --lexicon`).
"""

from __future__ import annotations

# The bounds of the HTTP server (claimledger.web.server), here so that the command line reads
# them without loading the web stack.
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds to send a request's head
DEFAULT_MAX_CONNECTIONS = 100
