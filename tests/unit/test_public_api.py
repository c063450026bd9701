"""The public API is what claimledger.__all__ lists, and it lists every public name."""

from __future__ import annotations

import types

import claimledger


def test_all_names_exist() -> None:
    for name in claimledger.__all__:
        assert hasattr(claimledger, name), name


def test_all_is_complete() -> None:
    # Submodules are not API; `annotations` is the __future__ import.
    public = {
        name
        for name, value in vars(claimledger).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    } - {"annotations", "TYPE_CHECKING", "Any"}
    missing = public - set(claimledger.__all__)
    assert not missing, f"public names missing from __all__: {sorted(missing)}"


def test_lazy_names_resolve_and_import_nothing_heavy_before() -> None:
    import subprocess
    import sys

    code = (
        "import claimledger, sys; print('sqlalchemy' in sys.modules); "
        "claimledger.Ledger; print('sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_extract_returns_claims_from_a_document() -> None:
    doc = claimledger.Document(
        id="t",
        text="The ministry said on Friday that 12 Russian tanks had been destroyed near Bakhmut.",
    )
    claims = claimledger.extract(doc)
    assert [(c.metric, c.value.low, c.subject, c.location) for c in claims] == [
        ("equipment.tanks", 12, "Russia", "Bakhmut")
    ]
