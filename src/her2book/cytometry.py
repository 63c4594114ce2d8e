"""Simulated flow cytometry of CD44 and CD24, and gating (Chapter 2).

A flow cytometer measures, cell by cell, how much fluorescent antibody against each surface marker
a cell binds. Breast cancer stem cells were first enriched as CD44-high, CD24-negative-or-low cells
(Al-Hajj et al. 2003). Here a sample is a mixture of two populations with log-normal marker
intensities (arbitrary fluorescence units, a.u.):

* bulk tumor cells: CD44 moderate, CD24 high;
* cancer stem cells (CSCs): CD44 high, CD24 low, a small fraction ``csc_fraction`` of events.

A *gate* keeps events with CD44 ≥ ``cd44_min`` and CD24 ≤ ``cd24_max``. Because the two clouds
overlap, no gate is perfect: a strict gate is *pure* (most gated events are true CSCs) but misses
many CSCs (low *recall*); a loose one catches nearly all of them but mostly gates bulk cells.
The simulation knows which events are true CSCs, which a real cytometer never does.

The population means and spreads are illustrative, not measured values from any instrument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .checks import number, param, validated, whole

__all__ = [
    "Population",
    "BULK",
    "CSC",
    "FlowSample",
    "GateResult",
    "simulate_events",
    "gate",
    "gate_grid",
]


@validated
@dataclass(frozen=True)
class Population:
    """Log-normal marker intensities: log10(intensity / a.u.) ~ Normal(mean, sd), per marker."""

    cd44_log10_mean: float = param()
    cd44_log10_sd: float = param(positive=True)
    cd24_log10_mean: float = param()
    cd24_log10_sd: float = param(positive=True)


#: Illustrative bulk tumor cells: CD44 around 200 a.u., CD24 around 600 a.u.
BULK = Population(2.3, 0.45, 2.8, 0.45)
#: Illustrative cancer stem cells: CD44 around 2000 a.u., CD24 around 30 a.u.
CSC = Population(3.3, 0.35, 1.5, 0.5)


@dataclass(frozen=True)
class FlowSample:
    """Events of one simulated run: intensities in a.u. and the (hidden) truth per event."""

    cd44: np.ndarray
    cd24: np.ndarray
    is_csc: np.ndarray  # bool

    @property
    def n_events(self) -> int:
        return int(self.cd44.size)

    @property
    def csc_fraction(self) -> float:
        """True fraction of CSC events in this sample (dimensionless)."""
        return float(self.is_csc.mean())


def simulate_events(
    n_events: int = 20_000,
    csc_fraction: float = 0.02,
    *,
    seed: int = 0,
    bulk: Population = BULK,
    csc: Population = CSC,
) -> FlowSample:
    """Seeded simulated CD44 × CD24 events.

    n_events : number of cells measured (≥ 1). csc_fraction : probability that an event is a
    CSC, 0..1 (the realised count is binomial). seed : random seed (same seed, same events).
    bulk, csc : :class:`Population` marker distributions.
    """
    n_events = whole("n_events", n_events)
    csc_fraction = number("csc_fraction", csc_fraction, low=0.0, high=1.0)
    for name, pop in (("bulk", bulk), ("csc", csc)):
        if not isinstance(pop, Population):
            raise ValueError(f"{name} must be a Population, got {type(pop).__name__}")
    rng = np.random.default_rng(seed)
    is_csc = rng.random(n_events) < csc_fraction
    z44 = rng.standard_normal(n_events)
    z24 = rng.standard_normal(n_events)
    m44 = np.where(is_csc, csc.cd44_log10_mean, bulk.cd44_log10_mean)
    s44 = np.where(is_csc, csc.cd44_log10_sd, bulk.cd44_log10_sd)
    m24 = np.where(is_csc, csc.cd24_log10_mean, bulk.cd24_log10_mean)
    s24 = np.where(is_csc, csc.cd24_log10_sd, bulk.cd24_log10_sd)
    return FlowSample(10 ** (m44 + s44 * z44), 10 ** (m24 + s24 * z24), is_csc)


@dataclass(frozen=True)
class GateResult:
    """What a CD44 ≥ cd44_min, CD24 ≤ cd24_max gate reports.

    gated_fraction : gated events / all events (the "measured CSC fraction").
    purity : true CSCs among gated events (nan if the gate is empty).
    recall : true CSCs in the gate / all true CSCs (nan if the sample has none).
    """

    cd44_min: float
    cd24_max: float
    n_gated: int
    n_csc_caught: int
    n_csc: int
    n_events: int

    @property
    def gated_fraction(self) -> float:
        return self.n_gated / self.n_events

    @property
    def purity(self) -> float:
        return self.n_csc_caught / self.n_gated if self.n_gated else math.nan

    @property
    def recall(self) -> float:
        return self.n_csc_caught / self.n_csc if self.n_csc else math.nan


def _threshold(name: str, x: float) -> float:
    x = float(x)
    if math.isnan(x) or x < 0:
        raise ValueError(f"{name} must be a number ≥ 0 (a.u.; inf allowed), got {x!r}")
    return x


def gate(sample: FlowSample, cd44_min: float, cd24_max: float) -> GateResult:
    """Apply a rectangular CD44-high / CD24-low gate (thresholds in a.u.)."""
    if not isinstance(sample, FlowSample):
        raise ValueError(f"sample must be a FlowSample, got {type(sample).__name__}")
    cd44_min = _threshold("cd44_min", cd44_min)
    cd24_max = _threshold("cd24_max", cd24_max)
    inside = (sample.cd44 >= cd44_min) & (sample.cd24 <= cd24_max)
    return GateResult(
        cd44_min,
        cd24_max,
        int(inside.sum()),
        int((inside & sample.is_csc).sum()),
        int(sample.is_csc.sum()),
        sample.n_events,
    )


def gate_grid(sample: FlowSample, cd44_mins, cd24_maxs) -> list[list[GateResult]]:
    """:func:`gate` for every pair: ``result[i][j]`` uses ``cd44_mins[i]`` and ``cd24_maxs[j]``."""
    return [[gate(sample, a, b) for b in cd24_maxs] for a in cd44_mins]
