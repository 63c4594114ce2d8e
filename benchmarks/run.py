"""Performance benchmark of the book: prints a table of figures next to their targets.

Run from anywhere (paths are resolved from the package)::

    .venv/bin/python benchmarks/run.py                      # everything (about 6–8 minutes)
    .venv/bin/python benchmarks/run.py --only pages,latency --site _build/html
    .venv/bin/python benchmarks/run.py --skip-build --only fps

Parts (``--only``, comma separated; default all), one file each in ``benchmarks/``:

build    (build.py) clean build with every chapter executed, then rebuilds with nothing changed
nbval    (notebooks.py) nbval over every notebook of ``_toc.yml`` with two workers
fps      (fps.py) frames/s of ``her2book.frames.render`` (synthetic) and of every real explorable
pages    (pages.py) per TOC page: HTML size, requests, bytes served and sent with gzip
latency  (latency.py) in headless Chromium: slider key press -> new figure painted
lighthouse (lighthouse.py) Lighthouse mobile and desktop on every page: scores, LCP, TBT, CLS, bytes

Each file runs its part alone too (``python benchmarks/fps.py``). The script reports; it never
fails (exit status 0 unless it crashes) and is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import build
import fps
import latency
import lighthouse
import notebooks
import pages
from common import Run, log, table

PARTS = {m.NAME: m for m in (build, notebooks, fps, pages, latency, lighthouse)}


def report(run: Run) -> str:
    """The summary table (every figure with its target), then each part's details."""
    done = [(PARTS[name], res) for name, res in run.results.items() if name in PARTS]
    rows = [row for part, res in done for row in part.summary(res)]
    loads = " / ".join(f"{x:.2f}" for x in run.results["loadavg"])
    out = [
        f"## Benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores,"
        f" load average at start {loads})\n",
        table(["measure", "value", "target", "verdict"], rows),
    ]
    for part, res in done:
        out += part.details(res)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", default=",".join(PARTS), help=f"comma list of {', '.join(PARTS)}")
    ap.add_argument("--skip-build", action="store_true", help="do not run the build part")
    ap.add_argument(
        "--site", help="built site to measure (default: this run's build, else _build/html)"
    )
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "her2book-bench"))
    ap.add_argument("--presses", type=int, default=40, help="key presses per explorable")
    ap.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and setting"
    )
    ap.add_argument(
        "--lighthouse-pages", default="", help="comma list of TOC entries (default: every page)"
    )
    ap.add_argument(
        "--lighthouse-presets", default="", help="mobile, desktop or both (default: both)"
    )
    ap.add_argument("--json", help="also write the raw results to this file")
    args = ap.parse_args(argv)
    parts = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    if args.skip_build and "build" in parts:
        parts.remove("build")
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    run = Run(
        work=work,
        site=Path(args.site) if args.site else None,
        presses=args.presses,
        lighthouse_runs=args.lighthouse_runs,
        lighthouse_pages=[d.strip() for d in args.lighthouse_pages.split(",") if d.strip()],
        lighthouse_presets=[p.strip() for p in args.lighthouse_presets.split(",") if p.strip()],
    )
    run.results["loadavg"] = os.getloadavg()
    try:
        for name in PARTS:  # in this order: the build's site is the one the page parts measure
            if name in parts:
                run.results[name] = PARTS[name].measure(run)
    finally:
        run.close()
    print(report(run))
    if run.site is not None:
        print(f"\n(site measured: {run.site})")
    if args.json:
        Path(args.json).write_text(json.dumps(run.results, indent=1, default=str), encoding="utf-8")
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
