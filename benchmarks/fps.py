"""Frames per second of the explorable helper: a synthetic 10×10 line plot and the book's own.

Synthetic: :func:`her2book.frames.render` on a line plot over a 10×10 grid, once with the changing
line marked ``animated=True`` (blitted over a cached background) and once without (every frame
fully redrawn); median of three runs. Real: every builder in :func:`her2book.figures.explorables`
called three times; frames/s is frames over the median of ``Explorable.frameset.seconds`` (building
the view and rendering every frame; the widgets and any model sweep computed outside the view are
not counted).
"""

from __future__ import annotations

import statistics
import sys

from common import TARGETS, Run, kb, log, verdict

NAME = "fps"
REPEATS = 3


def synthetic_view(animated: bool):
    """A view of one decaying curve (changes per frame) over a dashed reference (static)."""
    import numpy as np

    t = np.linspace(0, 24, 400)

    def view(fig):
        ax = fig.subplots()
        ax.set(xlim=(0, 24), ylim=(0, 2.2), xlabel="time (months)", ylabel="tumor burden")
        ax.set_title("Synthetic benchmark")
        (curve,) = ax.plot(t, t * 0, animated=animated, label="treated")
        ax.plot(t, np.exp(-0.1 * t), color="0.6", ls="--", label="reference")
        ax.legend(loc="upper right")

        def update(amp, rate):
            curve.set_ydata(amp * np.exp(-rate * t) * (1 + 0.1 * np.sin(t)))
            return f"burden at 12 months: {amp * np.exp(-rate * 12):.2f}"

        return update

    return view


def synthetic(animated: bool):
    """One render of the synthetic 10×10 explorable (a FrameSet)."""
    import numpy as np

    from her2book.frames import Param, render

    return render(
        synthetic_view(animated),
        Param("amp", list(np.linspace(0.5, 2.0, 10)), "Amplitude", fmt="{:.2f}"),
        Param("rate", list(np.linspace(0.05, 0.5, 10)), "Rate", "1/month", fmt="{:.2f}"),
        alt="Synthetic line plot of tumor burden against time.",
    )


def png_bytes(frames) -> int:
    """Bytes of every PNG a frame set ships: the background and each overlay."""
    return len(frames.background) + sum(len(o) for o in frames.overlays.values())


def measure(run: Run) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    from her2book.figures import explorables

    res: dict = {"synthetic": [], "real": []}
    for animated, label in [(True, "blitted (animated artists)"), (False, "full redraw")]:
        sets = [synthetic(animated) for _ in range(REPEATS)]
        fps = [s.frames_per_second for s in sets]
        res["synthetic"].append(
            {
                "label": f"synthetic 10x10 line plot, {label}",
                "fps": statistics.median(fps),
                "fps_all": fps,
                "n_frames": len(sets[0]),
                "full_draws": sets[0].full_draws,
                "png_bytes": png_bytes(sets[0]),
            }
        )
        log(f"fps {label}: {', '.join(f'{f:.1f}' for f in fps)}")
    for name, builder in explorables().items():
        sets = [builder().frameset for _ in range(REPEATS)]
        seconds = [s.seconds for s in sets]
        fs = sets[0]
        res["real"].append(
            {
                "name": name,
                "params": [p.name for p in fs.params],
                "shape": [len(p.grid) for p in fs.params],
                "n_frames": len(fs),
                "full_draws": fs.full_draws,
                "runs": seconds,
                "seconds": statistics.median(seconds),
                "fps": len(fs) / statistics.median(seconds),
                "png_bytes": png_bytes(fs),
            }
        )
        log(f"fps {name}: {res['real'][-1]['fps']:.1f} frames/s")
    return res


def summary(res: dict) -> list[list[object]]:
    target = f"≥ {TARGETS['fps']:.0f} frames/s"
    rows: list[list[object]] = [
        [
            f"explorable helper, {s['label']}",
            f"{s['fps']:.1f} frames/s",
            target,
            verdict(s["fps"] >= TARGETS["fps"]),
        ]
        for s in res["synthetic"]
    ]
    real = res["real"]
    if real:
        frames = sum(r["n_frames"] for r in real)
        overall = frames / sum(r["seconds"] for r in real)
        worst = min(real, key=lambda r: r["fps"])
        rows.append(
            [
                f"real explorables, all {len(real)} ({frames} frames)",
                f"{overall:.1f} frames/s",
                target,
                verdict(overall >= TARGETS["fps"]),
            ]
        )
        rows.append(
            [
                f"slowest real explorable ({worst['name']})",
                f"{worst['fps']:.1f} frames/s",
                target,
                verdict(worst["fps"] >= TARGETS["fps"]),
            ]
        )
    else:
        rows.append(
            ["real explorables: her2book.figures.explorables() is empty", "", target, verdict(None)]
        )
    return rows


def details(res: dict) -> list[str]:
    from common import table

    rows = [
        [
            s["label"],
            s["n_frames"],
            s["full_draws"],
            f"{s['fps']:.1f}",
            ", ".join(f"{x:.1f}/s" for x in s["fps_all"]),
            kb(s["png_bytes"]),
        ]
        for s in res["synthetic"]
    ]
    rows += [
        [
            f"{r['name']}: {' × '.join(r['params'])}",
            f"{r['n_frames']} ({'×'.join(map(str, r['shape']))})",
            r["full_draws"],
            f"{r['fps']:.1f}",
            ", ".join(f"{x:.2f} s" for x in r["runs"]),
            kb(r["png_bytes"]),
        ]
        for r in res["real"]
    ]
    return [
        "\n### Explorable rendering\n",
        f"Synthetic: median of {REPEATS} runs (frames/s of each run). Real: frames / median of"
        f" `frameset.seconds` over {REPEATS} calls of each builder (seconds of each call)."
        " `full draws`: frames that could not be blitted.\n",
        table(["explorable", "frames", "full draws", "frames/s", "runs", "PNGs"], rows),
    ]


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
