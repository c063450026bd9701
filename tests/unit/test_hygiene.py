"""One command for hygiene, run by the suite: ruff (lint and format) and mypy --strict."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_lint() -> None:
    r = _run("ruff", "check", "claimledger", "tests", "benchmarks", "fuzz")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_format() -> None:
    r = _run("ruff", "format", "--check", "claimledger", "tests", "benchmarks", "fuzz")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict() -> None:
    r = _run("mypy", "claimledger")
    assert r.returncode == 0, r.stdout + r.stderr


# -- Rules are pure, lexicons are data ---------------------------------------------------------
def _word_lists(path: Path) -> list[str]:
    """Tuple, set and list literals of three or more strings: word lists written in Python."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.Set | ast.List):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if sum(isinstance(w, str) for w in words) >= 3:
                found.append(f"{path.name}:{node.lineno} {words[:4]}")
    return found


def test_the_word_list_finder_finds_a_word_list(tmp_path: Path) -> None:
    stage = tmp_path / "stage.py"
    stage.write_text('VERBS = ("said", "told", "added")\nPAIR = ("a", "an")\n', encoding="utf-8")
    assert _word_lists(stage) == ["stage.py:1 ['said', 'told', 'added']"]


# The parse model (state.py) names its own tags (relations, kinds): those are not words.
STAGES = sorted(p.name for p in (REPO / "claimledger" / "extraction").glob("*.py"))


@pytest.mark.parametrize("stage", [s for s in STAGES if s != "state.py"])
def test_no_word_lists_in_the_extraction_stages(stage: str) -> None:
    """Words live in claimledger/lexicon/data and reach a stage through a typed section."""
    assert _word_lists(REPO / "claimledger" / "extraction" / stage) == []


# -- Tests in layers -----------------------------------------------------------------------------
LAYERS = ("unit", "integration", "faces", "gate")


def test_every_test_lives_in_a_layer() -> None:
    tests = REPO / "tests"
    stray = sorted(str(p.relative_to(tests)) for p in tests.rglob("test_*.py"))
    assert stray and all(p.split("/")[0] in LAYERS for p in stray), stray


def test_shared_helpers_are_imported_one_way() -> None:
    """As tests.support.NAME: not by a bare module name found through sys.path."""
    helpers = {p.stem for p in (REPO / "tests" / "support").glob("*.py")} - {"__init__"}
    wrong = []
    for path in (REPO / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            wrong += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[-1] in helpers and not n.startswith("tests.support.")
            ]
    assert helpers and wrong == []
