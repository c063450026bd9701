"""`claimledger serve`: the dashboard and JSON API over a ledger (claimledger.web), read-only.

Parses options, opens the ledger read-only, runs uvicorn; the app is claimledger.web's.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from claimledger.cli import app
from claimledger.cli.ledger import DbOption
from claimledger.cli.output import err_console
from claimledger.errors import ClaimledgerError

TOKEN_ENV = "CLAIMLEDGER_TOKEN"


@app.command()
def serve(
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
            "opens any page once with ?token=TOKEN). Default: $CLAIMLEDGER_TOKEN.",
            show_default=False,
        ),
    ] = None,
    query_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a database query may run.")
    ] = 10.0,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI schema at /openapi.json) over a ledger.

    Read-only: the ledger is opened so that nothing can be written to it (an older schema is
    upgraded once, as every command does)."""
    from claimledger.web.security import is_loopback, token_problem

    token = token or None
    if token is None and not is_loopback(host):
        err_console.print(
            f"claimledger: refusing to serve on {escape(host)} without a token: pass --token "
            f"or set {TOKEN_ENV} (every request must then carry it), or bind 127.0.0.1"
        )
        raise typer.Exit(2)
    if token is not None and (problem := token_problem(token)):
        err_console.print(f"claimledger: {problem}")
        raise typer.Exit(2)

    import uvicorn

    from claimledger.storage import Store
    from claimledger.web.app import create_app
    from claimledger.web.state import Limits

    try:
        store = Store.open_readonly(db, timeout=query_timeout)
    except ClaimledgerError as exc:
        err_console.print(f"claimledger: {escape(str(exc))}")
        raise typer.Exit(1) from None
    try:
        web_app = create_app(store, token=token, limits=Limits(query_timeout=query_timeout))
        shown = f"[{host}]" if ":" in host else host
        err_console.print(
            f"claimledger: serving {escape(store.name)} read-only on http://{shown}:{port}/"
            + (" (token required)" if token else ""),
        )
        uvicorn.run(
            web_app,
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
            proxy_headers=False,
            timeout_graceful_shutdown=5,
        )
    finally:
        store.close()
