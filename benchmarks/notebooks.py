"""nbval time: ``pytest -n 2 --dist loadscope --nbval-lax`` over every notebook of ``_toc.yml``.

(The part is called ``nbval``; the file is not, so that it never shadows the nbval package.)
"""

from __future__ import annotations

import sys

from build import timed
from common import BIN, ROOT, TARGETS, Run, log, verdict

from her2book.layout import toc_notebooks

NAME = "nbval"


def measure(run: Run) -> dict:
    notebooks = [str(p.relative_to(ROOT)) for p in toc_notebooks()]
    cmd = [str(BIN / "python"), "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope"]
    cmd += ["--nbval-lax", "-p", "no:cacheprovider", *notebooks]
    log(f"nbval: {len(notebooks)} notebooks")
    logfile = run.work / "nbval.log"
    seconds, rc = timed(cmd, logfile)
    tail = logfile.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    summary_line = tail[-1] if tail else ""
    log(f"  {seconds:.1f} s (exit {rc}): {summary_line}")
    return {"seconds": seconds, "rc": rc, "notebooks": notebooks, "summary": summary_line}


def summary(res: dict) -> list[list[object]]:
    return [
        [
            f"nbval, {len(res['notebooks'])} TOC notebooks, -n 2 ({res['summary']})",
            f"{res['seconds']:.1f} s",
            f"≤ {TARGETS['nbval']:.0f} s",
            verdict(res["seconds"] <= TARGETS["nbval"] and res["rc"] == 0),
        ]
    ]


def details(res: dict) -> list[str]:
    return []


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
