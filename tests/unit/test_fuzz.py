"""Coverage-guided fuzzing (atheris) of the extractor and the HTML and WARC readers, for a
bounded time in every test run, and the crash corpus replayed as regression tests.

The targets are fuzz/targets.py; fuzz/run.py drives them with atheris (see its docstring for
longer runs). Each target runs in its own process, all three at once, for
$CLAIMLEDGER_FUZZ_SECONDS (default 20) seconds from the committed seeds (fuzz/seeds/TARGET),
with the random seed $CLAIMLEDGER_FUZZ_SEED (default 1; 0 for a fresh one each run).
A crash fails the test and leaves its input in the test's temporary folder: copy it to
tests/data/fuzz-crashes/TARGET/, fix the code, and it is replayed here from then on.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FUZZ = REPO / "fuzz"
CRASHES = Path(__file__).parents[1] / "data" / "fuzz-crashes"
SECONDS = int(os.environ.get("CLAIMLEDGER_FUZZ_SECONDS", "20"))
# A fixed seed by default: the test run explores the same inputs each time (a faster machine
# further along the same path), so a red run is a reproducible crash, not the luck of the
# draw. CLAIMLEDGER_FUZZ_SEED=0 lets libFuzzer pick one: for exploring, with longer runs.
SEED = int(os.environ.get("CLAIMLEDGER_FUZZ_SEED", "1"))
TARGETS = ("extractor", "html", "warc")

sys.path.insert(0, str(FUZZ))
import targets  # noqa: E402


def test_fuzz_targets_run_for_a_bounded_time_without_a_crash(tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed (pip install -e '.[test]')")
    procs = {}
    for name in TARGETS:
        corpus = tmp_path / f"corpus-{name}"
        corpus.mkdir()
        args = [
            sys.executable,
            str(FUZZ / "run.py"),
            name,
            f"-max_total_time={SECONDS}",
            f"-seed={SEED}",
            "-print_final_stats=1",
            "-timeout=20",  # one input running longer is a hang: a crash
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/{name}-",
            str(corpus),
            str(FUZZ / "seeds" / name),
        ]
        if (FUZZ / f"{name}.dict").exists():
            args.insert(4, f"-dict={FUZZ / f'{name}.dict'}")
        log = (tmp_path / f"{name}.log").open("wb")
        procs[name] = (subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT), log)
    report = []
    failed = []
    for name, (proc, log) in procs.items():
        code = proc.wait(timeout=SECONDS + 300)
        log.close()
        out = (tmp_path / f"{name}.log").read_text(errors="replace")
        runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
        cov = re.findall(r"cov: (\d+)", out)
        crashes = sorted(p.name for p in tmp_path.glob(f"{name}-*"))
        report.append(
            f"{name}: {runs[1] if runs else '?'} executions, coverage {cov[-1] if cov else '?'}"
        )
        if code != 0 or crashes or not runs:
            failed.append(f"{name} (exit {code}, {crashes}):\n{out[-3000:]}")
    print("\nfuzzing " + f"{SECONDS} s: " + "; ".join(report))
    assert not failed, "\n\n".join(failed)


def _crash_inputs() -> list[tuple[str, Path]]:
    return [(t, p) for t in TARGETS for p in sorted((CRASHES / t).glob("*")) if p.is_file()]


@pytest.mark.parametrize(
    ("target", "path"), _crash_inputs(), ids=[f"{t}/{p.name}" for t, p in _crash_inputs()]
)
def test_crash_corpus_is_handled(target: str, path: Path) -> None:
    """Inputs that once crashed a target (fuzzing, hostile-input probes) now pass it."""
    targets.TARGETS[target](path.read_bytes())


def test_the_crash_corpus_is_there() -> None:
    assert len(_crash_inputs()) >= 4
