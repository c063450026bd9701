"""The ASGI app of claimledger serve: the JSON API, the pages, the static files (Plotly's own
JavaScript, from the installed plotly package), behind the security middleware."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from claimledger import __version__
from claimledger.analysis.errors import AnalysisError
from claimledger.errors import LedgerError
from claimledger.lexicon import ledger_lexicon
from claimledger.storage import Store
from claimledger.storage.reader import LedgerReader
from claimledger.web import api, pages, render
from claimledger.web.security import LOOPBACK_NAMES, Guard, host_names, is_loopback
from claimledger.web.state import Limits, WebState

HERE = Path(__file__).parent
PLOTLY_PATH = "/static/vendor/plotly.min.js"


def create_app(
    store: Store,
    *,
    token: str | None = None,
    loopback_only: bool = True,
    limits: Limits | None = None,
    host: str | None = None,
    secure_cookie: bool = False,
    lexicon_dirs: tuple[Path, ...] | None = None,
) -> FastAPI:
    """The app over an opened store (Store.open_readonly). With a `token`, every request must
    carry it; without one, `loopback_only` makes the app answer only requests addressed to
    localhost or to `host`, the loopback address the server is bound to (127.0.0.2 …).
    `secure_cookie` (serving over TLS) marks the token cookie Secure. The ledger is analysed
    with the lexicon it recorded at ingest, unless `lexicon_dirs` (`--lexicon`; None:
    $CLAIMLEDGER_LEXICON's folders) give one."""
    reader = LedgerReader(store)
    state = WebState(reader, ledger_lexicon(reader.lexicon_files(), lexicon_dirs), limits)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The checks over the whole ledger take a while on a large one: start them now.
        api.findings_soon(state, 0)
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="claimledger",
        version=__version__,
        description=(
            "Attributed casualty and loss claims read from news text: claims with their "
            "evidence, documents, comparisons, consistency checks, reference series, "
            "timelines. Read-only."
        ),
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /api lists the routes
        redoc_url=None,
    )
    app.state.web = state
    app.state.templates = _templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_api_route(PLOTLY_PATH, _plotly, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(AnalysisError, _analysis_error)  # type: ignore[arg-type]
    app.add_exception_handler(LedgerError, _ledger_error)  # type: ignore[arg-type]
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=1)
    hosts = None if token is not None or not loopback_only else _loopback_hosts(host)
    app.add_middleware(Guard, token=token, allowed_hosts=hosts, secure_cookie=secure_cookie)
    return app


def _loopback_hosts(bound: str | None) -> list[str]:
    return [*LOOPBACK_NAMES, *(host_names(bound) if bound and is_loopback(bound) else [])]


# The bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): one in a doc_id
# or an outlet would reverse the rest of its line on the page. Right-to-left text itself stays.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _without_bidi_controls(value: object) -> object:
    """Every {{ }} of every template passes here before it is escaped: the one place where
    untrusted text loses its bidi controls (attributes, JSON in pages and macros included)."""
    return value.translate(_BIDI_CONTROLS) if isinstance(value, str) else value


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every {{ }} is escaped; no template marks document text safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_without_bidi_controls,
    )
    # tojson writes the characters themselves (not \uXXXX) so that finalize sees them; it
    # still escapes <, >, & and ' for the <script type="application/json"> blocks.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(
        value=render.value,
        period=render.period,
        figure=render.figure,
        metric_label=render.metric_label,
        safe_href=render.safe_href,
        plotly=PLOTLY_PATH,
        version=__version__,
    )
    return Jinja2Templates(env=env)


@lru_cache(maxsize=1)
def _plotly_bytes() -> tuple[bytes, bytes, str]:
    data = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
    return data, gzip.compress(data, 6), hashlib.sha256(data).hexdigest()[:32]


def _plotly(request: Request) -> Response:
    """Plotly's JavaScript as the installed plotly package ships it (never from a CDN)."""
    data, packed, etag = _plotly_bytes()
    headers = {"cache-control": "public, max-age=86400", "etag": f'"{etag}"'}
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["content-encoding"] = "gzip"
        headers["vary"] = "Accept-Encoding"
        return Response(packed, media_type="text/javascript", headers=headers)
    return Response(data, media_type="text/javascript", headers=headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    t: Jinja2Templates = request.app.state.templates
    state: WebState = request.app.state.web
    return t.TemplateResponse(
        request,
        "error.html",
        {"ledger": state.ledger_label, "nav": "", "status": status, "message": message},
        status_code=status,
    )


async def _http_error(request: Request, exc: HTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else "not found"
    response = _error(request, exc.status_code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _analysis_error(request: Request, exc: AnalysisError) -> Response:
    # A name the analysis does not know (metric, subject, reference): nothing by that name.
    return _error(request, 404, str(exc))


async def _ledger_error(request: Request, exc: LedgerError) -> Response:
    return _error(request, 503, f"the ledger could not answer: {exc.reason}")
