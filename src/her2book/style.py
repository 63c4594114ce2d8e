"""Plotting style shared by every chapter: one colour-blind-safe palette, one look.

The palette is Okabe & Ito (2008), "Color Universal Design", which stays distinguishable under
the common forms of colour-vision deficiency. Use the names, not raw hex codes, in chapters.
"""

from __future__ import annotations

import matplotlib as mpl

#: Okabe-Ito colours by name.
COLORS: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
}

#: Default colour cycle (black and yellow left out: black is for reference lines and yellow
#: has too little contrast on white for thin lines).
CYCLE: list[str] = [COLORS[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky")]

#: Colours with fixed meanings across the book.
ROLE: dict[str, str] = {
    "stem": COLORS["vermillion"],
    "progenitor": COLORS["orange"],
    "differentiated": COLORS["sky"],
    "total": COLORS["black"],
    "threshold": COLORS["grey"],
    "therapy": "#DDDDDD",
    "positive": COLORS["vermillion"],
    "negative": COLORS["blue"],
    "equivocal": COLORS["orange"],
}

RC: dict[str, object] = {
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": 90,
    "savefig.dpi": 90,
    "lines.linewidth": 2.0,
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "her2book",  # stable SVG ids between runs
}


def use() -> None:
    """Apply the book's matplotlib style to the current session (call once per notebook)."""
    mpl.rcParams.update(RC)
