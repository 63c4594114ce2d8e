"""Chapter 6 figures (``book/06_beyond_trastuzumab.ipynb``): where HER2 treatment went next.

Explorables
    :func:`signal_or_address` — the toy model of :mod:`her2book.adc`: a tumor's size under a
    pure HER2 signaling blocker and under an antibody–drug conjugate, over HER2 on the surface
    and the tumor's dependence on HER2 signaling, with a map of where each drug shrinks the
    tumor. The map hatches the corner the model allows but real tumors are unlikely to occupy
    (:func:`her2book.adc.unlikely_tumor`: little HER2, yet growth that depends mostly on it), and
    the readout says so when the chosen tumor sits there.

Computed once and shared by the chapter's cells: :func:`address_numbers` (the toy model's numbers
the prose glues) and :func:`hazard_checks` (the proportional-hazards check of registered trial
results).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import adc, claims, style
from ..explorable import Explorable, Param, explorable

__all__ = [
    "CHAPTER",
    "DEPENDENCES",
    "EXPLORABLES",
    "HER2_LEVELS",
    "HORIZON",
    "address_numbers",
    "address_readout",
    "hazard_checks",
    "region_map",
    "signal_or_address",
]

CHAPTER = 6
C = style.COLORS

#: HER2 on the cell surface, as a fraction of a strongly HER2-positive cell (slider values).
HER2_LEVELS: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
#: Share of the tumor's growth signal that runs through HER2 (slider values).
DEPENDENCES: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
#: How long the drugs act in the figure and the readout (units of 1/g, the untreated growth time).
HORIZON = 3.0
TIMES = np.linspace(0.0, HORIZON, 61)
TIMES.setflags(write=False)
SIZE_LIMITS = (1e-4, 1e2)
LABELS = {
    "none": "no drug",
    "blocker": "pure signaling blocker",
    "conjugate": "antibody–drug conjugate",
}
LINE = {
    "none": {"color": C["black"], "ls": "--", "lw": 1.3, "zorder": 3},
    "blocker": {"color": C["blue"], "lw": 2.2},
    "conjugate": {"color": C["vermillion"], "lw": 2.2},
}
#: Region colors of the map: neither drug shrinks the tumor, only the conjugate does, both do.
REGION_COLORS = ("#E6E6E6", "#F6D3BC", "#BFD9EA")
BOX = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85}
#: Readout note for a tumor in the hatched corner of the map (see :func:`adc.unlikely_tumor`).
UNLIKELY_NOTE = (
    " An unlikely tumor: little HER2, yet growth that depends mostly on it (hatched on the map)."
)


def _fmt(x: float) -> str:
    return f"{x:.2g}" if x < 100 else f"{x:.0f}"


def address_readout(her2: float, dependence: float) -> str:
    """The readout line under :func:`signal_or_address` for one setting."""
    sizes = {d: adc.relative_size(d, her2, dependence, HORIZON) for d in adc.DRUGS}
    text = (
        f"HER2 {her2:.0%} of a strongly positive cell, {dependence:.0%} of growth signal "
        f"through HER2: after {HORIZON:g} time units the tumor is × {_fmt(sizes['none'])} "
        f"without a drug, × {_fmt(sizes['blocker'])} with the pure signaling blocker, "
        f"× {_fmt(sizes['conjugate'])} with the conjugate (toy model)."
    )
    return text + UNLIKELY_NOTE if adc.unlikely_tumor(her2, dependence) else text


@cache
def region_map(points: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(her2, dependence, region) on a grid: region 0 = neither drug shrinks the tumor,
    1 = only the conjugate does, 2 = both do (the blocker never works where the conjugate fails)."""
    h, d = np.meshgrid(np.linspace(0, 1, points), np.linspace(0, 1, points))
    region = (adc.net_rate("conjugate", h, d) < 0).astype(int)
    region += adc.net_rate("blocker", h, d) < 0
    return h, d, region


def _address_view(figure: Figure):
    ax_size, ax_map = figure.subplots(2, 1, height_ratios=(1, 1.05))
    lines = {
        drug: ax_size.semilogy(
            TIMES, np.ones_like(TIMES), label=LABELS[drug], animated=True, **LINE[drug]
        )[0]
        for drug in adc.DRUGS
    }
    ax_size.set(
        xlim=(0, HORIZON),
        ylim=SIZE_LIMITS,
        xlabel="Time (units of the untreated growth time)",
        ylabel="Tumor size (relative to start)",
    )
    ax_size.axhline(1, color=C["black"], lw=0.8)
    ax_size.legend(loc="lower left", fontsize=8.5)

    h, d, region = region_map()
    ax_map.pcolormesh(
        h, d, region, cmap=ListedColormap(REGION_COLORS), vmin=-0.5, vmax=2.5, shading="auto"
    )
    p = adc.DEFAULT
    ax_map.add_patch(
        Rectangle(
            (0, adc.dependence_needed(p)),
            p.half_delivery,
            1 - adc.dependence_needed(p),
            fill=False,
            hatch="///",
            edgecolor=C["black"],
            lw=0.8,
        )
    )
    ax_map.text(0.125, 0.6, "unlikely\ntumors", ha="center", va="center", fontsize=8, bbox=BOX)
    ax_map.text(0.62, 0.855, "both drugs shrink the tumor", ha="center", fontsize=9)
    ax_map.text(0.6, 0.355, "only the conjugate shrinks it", ha="center", fontsize=9)
    ax_map.annotate(
        "neither",
        xy=(0.05, 0.1),
        xytext=(0.22, 0.08),
        fontsize=9,
        arrowprops={"arrowstyle": "-", "color": C["black"], "lw": 0.8},
    )
    ax_map.set(
        xlim=(0, 1),
        ylim=(0, 1),
        xlabel="HER2 on the surface (fraction)",
        ylabel="Growth signal through HER2",
    )
    (marker,) = ax_map.plot(
        [], [], "o", ms=10, mfc="white", mec=C["black"], mew=2, animated=True, clip_on=False
    )

    def update(her2, dependence):
        for drug, line in lines.items():
            size = adc.relative_size(drug, her2, dependence, TIMES)
            line.set_ydata(np.clip(size, *SIZE_LIMITS))
        marker.set_data([her2], [dependence])
        return address_readout(her2, dependence)

    return update


def signal_or_address() -> Explorable:
    """Explorable: a pure signaling blocker and an antibody–drug conjugate on one toy tumor."""
    return explorable(
        _address_view,
        Param(
            "her2",
            list(HER2_LEVELS),
            "HER2 on the cell surface (fraction of a strongly positive cell)",
            fmt="{:.2f}",
            initial=6,
        ),
        Param(
            "dependence",
            list(DEPENDENCES),
            "Share of growth signal through HER2",
            fmt="{:.2f}",
            initial=4,
        ),
        caption=(
            "Keep HER2 at 1 and lower the share of growth signal through HER2 to 0: which curve "
            "still falls? Then lower HER2 too."
        ),
        alt=(
            "Two panels of an illustrative toy model. Top: tumor size relative to the start, on "
            "a log scale, against time, without a drug (dashed), with a pure HER2 signaling "
            "blocker and with an antibody–drug conjugate. Bottom: a map with HER2 on the cell "
            "surface across and the share of growth signal through HER2 up, shaded where both "
            "drugs shrink the tumor (top), where only the conjugate does (most of the lower "
            "right) and where neither does (a small corner of little HER2 and little "
            "dependence); a hatched box at the upper left marks unlikely tumors with little "
            "HER2 whose growth still depends mostly on it. A marker shows the chosen tumor."
        ),
        figsize=(6.0, 5.6),
    )


EXPLORABLES = (signal_or_address,)


@cache
def address_numbers() -> dict[str, float]:
    """The toy model's numbers the chapter's prose glues, by glue name."""
    t = HORIZON

    def size(drug, h, d):
        return float(adc.relative_size(drug, h, d, t))

    return {
        "ch6_untreated": size("none", 1.0, 1.0),
        "ch6_blocker_escaped": size("blocker", 1.0, 0.0),
        "ch6_conj_escaped": size("conjugate", 1.0, 0.0),
        "ch6_blocker_sensitive": size("blocker", 1.0, 1.0),
        "ch6_conj_lost": size("conjugate", 0.05, 0.0),
        "ch6_blocker_half": size("blocker", 1.0, 0.5),
        "ch6_dependence_needed": adc.dependence_needed(),
        "ch6_her2_needed": adc.her2_needed(0.0),
        "ch6_conj_at_02": size("conjugate", 0.2, 0.0),
        "ch6_conj_at_01": size("conjugate", 0.1, 0.0),
    }


@cache
def hazard_checks() -> dict[str, dict[str, float]]:
    """Proportional hazards applied to registered results: S_treated ≈ S_control ** HR.

    For each trial, the registered control-arm survival at a landmark, the hazard ratio, the
    survival this predicts for the treated arm and the treated arm's reported survival.
    """
    k = claims.value("katherine-final")
    db03 = claims.value("db03-pfs")
    climb = claims.value("her2climb-pfs")
    rows = {
        "katherine_idfs": (k["idfs_control"], k["idfs_hr"], k["idfs_treated"]),
        "katherine_os": (k["os_control"], k["os_hr"], k["os_treated"]),
        "db03_pfs": (db03["control"], db03["hr"], db03["treated"]),
        "her2climb_pfs": (climb["control"], climb["hr"], climb["treated"]),
    }
    return {
        name: {"control": c, "hr": hr, "predicted": c**hr, "reported": reported}
        for name, (c, hr, reported) in rows.items()
    }
