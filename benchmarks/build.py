"""Build times: a clean build with every chapter executed, then rebuilds with nothing changed.

In an empty folder of the work directory (never ``_build``): ``jupyter-book build --all -W -n
--keep-going`` with ``execute_notebooks: force`` (what CI does); then a ``cache`` build (executes
everything once more and fills jupyter-cache); then the rebuild with nothing changed, both as
``make book`` runs it (``--all``, cache hits) and incrementally (no ``--all``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import BIN, ROOT, TARGETS, Run, log, verdict

NAME = "build"
RUNS = [
    ("clean", "clean build, `force`, empty dir (CI)", "force", True),
    ("cache_fill", "`cache` build after it (executes all, fills the cache)", "cache", True),
    ("rebuild_all", "rebuild, nothing changed: `make book` (`--all`, cache hits)", "cache", True),
    ("rebuild_incr", "rebuild, nothing changed: incremental (no `--all`)", "cache", False),
]


def write_config(path: Path, mode: str) -> Path:
    """_config.yml with ``execute_notebooks`` set to ``mode`` (as the Makefile writes it)."""
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(  execute_notebooks:).*$", rf"\1 {mode}", text)
    if n != 1:
        raise RuntimeError("could not find `  execute_notebooks:` in _config.yml")
    path.write_text(text, encoding="utf-8")
    return path


def timed(cmd: list[str], logfile: Path) -> tuple[float, int]:
    """Run ``cmd`` in the repository root, output to ``logfile``; (seconds, exit status)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # Agg drops inline figures
    started = time.perf_counter()
    with open(logfile, "w") as out:
        rc = subprocess.call(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return time.perf_counter() - started, rc


def measure(run: Run) -> dict:
    out = run.work / "build"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    configs = {
        mode: write_config(run.work / f"_config.{mode}.yml", mode) for mode in ("force", "cache")
    }
    results: dict = {}
    for key, label, mode, every in RUNS:
        log(f"build: {label}")
        cmd = [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going"]
        cmd += [
            "--path-output",
            str(out),
            *(["--all"] if every else []),
            "--config",
            str(configs[mode]),
            ".",
        ]
        seconds, rc = timed(cmd, run.work / f"build-{key}.log")
        results[key] = {"label": label, "seconds": seconds, "rc": rc}
        log(f"  {seconds:.1f} s (exit {rc})")
    results["site"] = str(out / "_build" / "html")
    return results


def summary(res: dict) -> list[list[object]]:
    clean = res["clean"]
    rows: list[list[object]] = [
        [
            clean["label"],
            f"{clean['seconds']:.1f} s",
            f"≤ {TARGETS['clean']:.0f} s",
            verdict(clean["seconds"] <= TARGETS["clean"] and clean["rc"] == 0),
        ]
    ]
    for key in ("cache_fill", "rebuild_all", "rebuild_incr"):
        r = res[key]
        if key == "cache_fill":
            rows.append([r["label"], f"{r['seconds']:.1f} s", "(info)", verdict(None)])
        else:
            ok = r["seconds"] <= TARGETS["rebuild"] and r["rc"] == 0
            rows.append(
                [r["label"], f"{r['seconds']:.1f} s", f"≤ {TARGETS['rebuild']:.0f} s", verdict(ok)]
            )
    failed = [key for key, *_ in RUNS if res[key]["rc"]]
    if failed:
        rows.append([f"build exit status non-zero: {', '.join(failed)}", "", "", verdict(False)])
    return rows


def details(res: dict) -> list[str]:
    return []


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
