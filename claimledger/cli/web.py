"""`claimledger serve`: the dashboard and JSON API over a ledger (claimledger.web), read-only.

Parses options, opens the ledger read-only, runs uvicorn; the app is claimledger.web's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimledger.cli._app import app
from claimledger.cli._common import (
    USAGE,
    DbOption,
    LexiconOption,
    error_line,
    fail,
    lexicon_dirs,
    user_errors,
)
from claimledger.web import DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS

TOKEN_ENV = "CLAIMLEDGER_TOKEN"


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Any but a loopback address needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV,
            help="A secret every request must carry (Authorization: Bearer TOKEN; a browser "
            "opens any page once with ?token=TOKEN). Default: $CLAIMLEDGER_TOKEN, which is "
            "better: other users of the machine see a command line (ps), not the environment.",
            show_default=False,
        ),
    ] = None,
    query_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a database query may run.")
    ] = 10.0,
    ssl_certfile: Annotated[
        Path | None,
        typer.Option(
            help="Serve HTTPS with this certificate (PEM; the chain after it). The token "
            "cookie is then Secure.",
            show_default=False,
        ),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None,
        typer.Option(
            help="The certificate's private key (PEM), unless --ssl-certfile holds it.",
            show_default=False,
        ),
    ] = None,
    header_timeout: Annotated[
        float,
        typer.Option(
            min=0.01, help="Seconds a client has to send a request's headers before it is cut off."
        ),
    ] = DEFAULT_HEADER_TIMEOUT,
    max_connections: Annotated[
        int,
        typer.Option(min=1, help="Open connections at most; more are closed as they come."),
    ] = DEFAULT_MAX_CONNECTIONS,
    lexicon: LexiconOption = None,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI schema at /openapi.json) over a ledger.

    Read-only: the ledger is opened so that nothing can be written to it (an older schema is
    upgraded once, as every command does)."""
    from claimledger.web.security import is_loopback, token_problem

    token = token or None
    if token is None and not is_loopback(host):
        fail(
            f"refusing to serve on {host} without a token: pass --token "
            f"or set {TOKEN_ENV} (every request must then carry it), or bind 127.0.0.1",
            USAGE,
        )
    if token is not None and (problem := token_problem(token)):
        fail(problem, USAGE)
    if ssl_keyfile is not None and ssl_certfile is None:
        fail("--ssl-keyfile needs --ssl-certfile", USAGE)
    if ssl_certfile is not None and (problem := _tls_problem(ssl_certfile, ssl_keyfile)):
        fail(problem, USAGE)
    if token is not None and _from_command_line(ctx, "token"):
        error_line(
            f"note: other users of this machine can read --token (ps); set {TOKEN_ENV} instead"
        )

    import uvicorn

    from claimledger.storage import Store
    from claimledger.web.app import create_app
    from claimledger.web.server import bounded_protocol
    from claimledger.web.state import Limits

    with user_errors():
        store = Store.open_readonly(db, timeout=query_timeout)
    try:
        with user_errors():
            web_app = create_app(
                store,
                token=token,
                limits=Limits(query_timeout=query_timeout),
                host=host,
                secure_cookie=ssl_certfile is not None,
                lexicon_dirs=lexicon_dirs(lexicon),
            )
        shown = f"[{host}]" if ":" in host else host
        scheme = "https" if ssl_certfile else "http"
        error_line(
            f"serving {store.name} read-only on {scheme}://{shown}:{port}/"
            + (" (token required)" if token else "")
        )
        uvicorn.run(
            web_app,
            host=host,
            port=port,
            http=bounded_protocol(header_timeout, max_connections),
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            log_level="warning",
            server_header=False,
            proxy_headers=False,
            timeout_graceful_shutdown=5,
        )
    finally:
        store.close()


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def _tls_problem(certfile: Path, keyfile: Path | None) -> str | None:
    """Why the certificate and key cannot serve TLS, or None (checked before the ledger is
    opened, so that a wrong path is one line, not uvicorn's traceback)."""
    import ssl

    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        files = f"{certfile}" + (f" and {keyfile}" if keyfile else "")
        return f"cannot serve TLS with {files}: {exc.strerror or exc}"
    return None
