"""Slider latency: in headless Chromium, an arrow key on a slider until the new figure is painted.

Per explorable, ``--presses`` arrow-key presses (default 40), alternating over its sliders and
turning at either end. ``latency.js`` (installed in the page) times each press from the keydown
event's timestamp: to the keydown handler (``input``), to the visible frame image having its new
``src`` (``DOM``), to the end of the first rendering update after the new image is decoded
(``painted``: rAF, then a posted message) and one frame later (``2 rAF``, an upper bound); it also
counts frames in which no figure was shown.
"""

from __future__ import annotations

import sys

from common import HERE, TARGETS, Run, log, median, pct, table, verdict

from her2book import browser as hb
from her2book.layout import toc_files

NAME = "latency"
SCRIPT = (HERE / "latency.js").read_text(encoding="utf-8")


# The visible frame image's file and alt text.
_SHOWN = f"""el => {{ const i = [...el.querySelectorAll('{hb.FRAME_IMG}')]
  .find(i => i.offsetParent !== null); return i ? [i.getAttribute('src'), i.alt] : null; }}"""


def press_and_time(page, ex, handles, presses: int) -> tuple[list[list[dict]], int, int]:
    """Press arrow keys on an explorable's sliders; the timings by slider, the time-outs, and
    the presses whose new setting has the same picture as the last (the build stores identical
    frames once, so the image's file stays and there is nothing new to paint; its alt text and
    the readout change)."""
    samples: list[list[dict]] = [[] for _ in range(handles.count())]
    direction = ["ArrowRight"] * handles.count()
    timeouts = same = 0
    for k in range(presses):
        h = k % handles.count()
        handle = handles.nth(h)
        now, lo, hi = handle.evaluate("el => [el.value, el.min, el.max]")
        if now == hi:
            direction[h] = "ArrowLeft"
        elif now == lo:
            direction[h] = "ArrowRight"
        handle.focus()
        page.wait_for_timeout(30)
        ex.evaluate("el => window.__bench.arm(el)")
        count = page.evaluate("window.__bench.results.length")
        before = ex.evaluate(_SHOWN)
        page.keyboard.press(direction[h])
        try:
            page.wait_for_function(
                f"window.__bench.results.length > {count}", timeout=5_000, polling=20
            )
            samples[h].append(page.evaluate("window.__bench.results.at(-1)"))
        except Exception:
            page.evaluate("window.__bench.pending = null")
            after = ex.evaluate(_SHOWN)
            if before and after and after[0] == before[0] and after[1] != before[1]:
                same += 1
            else:
                timeouts += 1
    return samples, timeouts, same


def slider_row(doc: str, e: int, label: str, s: list[dict]) -> dict:
    """Statistics of one slider's presses (ms from the keydown)."""
    paint = [r["tPaint"] - r["tKey"] for r in s]
    return {
        "doc": doc,
        "explorable": e,
        "slider": label,
        "n": len(s),
        "paint": paint,
        "frames": [r["frames"] for r in s],
        "input_med": median([r["tHandler"] - r["tKey"] for r in s]),
        "dom_med": median([r["tDom"] - r["tKey"] for r in s]),
        "paint_med": median(paint),
        "paint_p95": pct(paint, 95),
        "raf2_p95": pct([r["tRaf2"] - r["tKey"] for r in s], 95),
        "next_frame": sum(1 for r in s if r["frames"] <= 1) / len(s),
        "frames_max": max(r["frames"] for r in s),
        "blank": sum(1 for r in s if r["blank"]),
    }


def measure(run: Run) -> dict:
    server, browser = run.server(), run.browser()
    per: list[dict] = []
    timeouts = same = 0
    for doc in toc_files():
        expected = hb.expected_explorables(doc)
        if not expected or not (server.root / f"{doc}.html").is_file():
            continue
        with hb.Visit(browser, server.page(doc)) as v:
            n = hb.wait_for_explorables(v.page, expected)
            if n != expected:
                log(f"latency {doc}: {n} explorables on the page, {expected} tagged")
            v.page.evaluate(SCRIPT, hb.FRAME_IMG)
            explorables = v.page.locator(hb.EXPLORABLE)
            for e in range(n):
                ex = explorables.nth(e)
                ex.scroll_into_view_if_needed()
                handles = ex.locator(hb.SLIDER)
                samples, missed, unchanged = press_and_time(v.page, ex, handles, run.presses)
                timeouts += missed
                same += unchanged
                for h, s in enumerate(samples):
                    s = [r for r in s if "tKey" in r]
                    if s:
                        label = (
                            handles.nth(h).evaluate(
                                "el => el.labels.length ? el.labels[0].textContent : ''"
                            )
                            or f"slider {h}"
                        )
                        per.append(slider_row(doc, e, label, s))
                        log(f"latency {doc} #{e} {label[:30]}: p95 {per[-1]['paint_p95']:.1f} ms")
            if v.foreign or v.errors:
                log(f"  {doc}: {len(v.foreign)} foreign requests, errors {v.errors[:2]}")
    paint = [x for r in per for x in r["paint"]]
    frames = [x for r in per for x in r["frames"]]
    return {
        "rows": per,
        "median": median(paint),
        "p95": pct(paint, 95),
        "n": len(paint),
        "next_frame": sum(1 for f in frames if f <= 1) / len(frames) if frames else 0,
        "frames_p95": pct(frames, 95),
        "timeouts": timeouts,
        "same": same,
    }


def summary(res: dict) -> list[list[object]]:
    if not res["n"]:
        return [["slider key → new figure painted: no presses measured", "", "", verdict(False)]]
    rows: list[list[object]] = [
        [
            f"slider key → new figure painted, median ({res['n']} presses)",
            f"{res['median']:.1f} ms",
            "(info)",
            verdict(None),
        ],
        [
            "slider key → new figure painted, p95",
            f"{res['p95']:.1f} ms",
            f"≤ {TARGETS['latency']:.0f} ms",
            verdict(res["p95"] <= TARGETS["latency"]),
        ],
        [
            "presses whose figure is in the next rendered frame (headless: frames wait)",
            f"{100 * res['next_frame']:.0f} % (p95 {res['frames_p95']:.0f} frames)",
            "(info)",
            verdict(None),
        ],
    ]
    if res.get("same"):
        rows.append(
            ["presses onto a setting with the same picture (one file)", res["same"], "(info)",
             verdict(None)]
        )  # fmt: skip
    if res["timeouts"]:
        rows.append(["presses with no new figure within 5 s", res["timeouts"], "0", verdict(False)])
    return rows


def details(res: dict) -> list[str]:
    if not res["rows"]:
        return []
    rows = [
        [
            r["doc"],
            r["explorable"],
            r["slider"][:40],
            r["n"],
            f"{r['input_med']:.1f}",
            f"{r['dom_med']:.1f}",
            f"{r['paint_med']:.1f}",
            f"{r['paint_p95']:.1f}",
            f"{r['raf2_p95']:.1f}",
            f"{100 * r['next_frame']:.0f} %",
            r["frames_max"],
            r["blank"],
        ]
        for r in res["rows"]
    ]
    return [
        "\n### Slider latency\n\nms from the keydown event's timestamp. `input`: until the"
        " keydown handler runs; `DOM`: until the visible frame image has the new src; `painted`:"
        " until the first rendering update after the new image is decoded has finished (rAF,"
        " then a posted message); `2 rAF`: one frame later (upper bound). `next frame`: share of"
        " presses whose figure is in the first frame after the keydown; `blank frames`: presses"
        " during which a frame showed no figure.\n",
        table(
            [
                "page",
                "#",
                "slider",
                "presses",
                "input med",
                "DOM med",
                "painted med",
                "painted p95",
                "2 rAF p95",
                "next frame",
                "max frames",
                "blank frames",
            ],
            rows,
        ),
    ]


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
