"""Coverage-guided fuzzing with atheris (libFuzzer): `python fuzz/run.py TARGET [libFuzzer
options] [CORPUS_DIR ...]`, TARGET one of extractor, html, warc (fuzz/targets.py).

    mkdir -p fuzz/corpus/extractor    # grows across runs (not committed)
    .venv/bin/python fuzz/run.py extractor -max_total_time=3600 -dict=fuzz/extractor.dict \
        -timeout=20 fuzz/corpus/extractor fuzz/seeds/extractor

A crash (an unexpected exception, a broken invariant) stops the run and writes the input as
crash-<sha1> (or to -artifact_prefix); copy it to tests/data/fuzz-crashes/TARGET/ so that
tests/unit/test_fuzz.py replays it from then on. Claimledger's own modules and the pure-Python
readers it calls (warcio, trafilatura and its helpers) are instrumented for coverage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

INSTRUMENTED = {
    "extractor": ["claimledger"],
    "html": ["claimledger", "trafilatura", "htmldate", "courlan", "justext"],
    "warc": ["claimledger", "warcio"],
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in INSTRUMENTED:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(INSTRUMENTED)} [libFuzzer options] [CORPUS...]")
    name = sys.argv[1]
    with atheris.instrument_imports(include=INSTRUMENTED[name]):
        import targets
    atheris.Setup([sys.argv[0], *sys.argv[2:]], targets.TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
