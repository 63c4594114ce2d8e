"""A toy model of HER2 as a *signal* and HER2 as an *address* (Chapter 6).

It compares two HER2-directed drugs acting on one tumor, with nothing but the tumor's net growth
rate (cells gained minus cells lost per unit time):

- a **pure signaling blocker**: a drug that switches off HER2 signaling and does nothing else. It
  stands for the signaling part of what trastuzumab, pertuzumab or a kinase inhibitor does, and
  helps only as far as the tumor's growth still depends on that signaling;
- an **antibody–drug conjugate**: a HER2 antibody carrying a cytotoxic payload. It blocks the
  same signaling *and* delivers the payload to every cell that displays HER2, whether or not that
  cell still needs HER2 signals.

Trastuzumab itself is not a pure signaling blocker: its antibody tail also marks a cell that
displays HER2 for immune attack (antibody-dependent cellular cytotoxicity, ADCC; Chapter 1), which
is already a use of HER2 as an address and would act on a cell that escaped the signal. The
conjugate trastuzumab deruxtecan kept the plain antibody's ADCC activity in preclinical tests
(Ogitani et al., Clin Cancer Res 2016). The model leaves ADCC out of both drugs, so that the
difference between them is the payload alone.

Two properties of the tumor enter, each between 0 and 1:

- ``her2`` (h): HER2 on the cell surface, as a fraction of a strongly HER2-positive cell. It is
  **not an IHC score**: the model's thresholds on h say nothing about which IHC scores a real
  conjugate reaches (trastuzumab deruxtecan acts in HER2-low tumors, IHC 1+ or 2+ without
  amplification; DESTINY-Breast04);
- ``dependence`` (d): the share of the growth signal that runs through HER2 and that the blocker
  therefore removes. PTEN loss or an IL-6 loop (Chapters 4, 5 and 7) lower it.

The net rates (per unit time) are::

    r_none      = g
    r_blocker   = g − A·d
    r_conjugate = g − A·d − P(h),     P(h) = K · h / (h + h_half)

and a tumor changes size as exp(r·t) (a constant rate, so no resistance emerges during treatment).
``g`` is the untreated net growth rate, which sets the unit of time (1/g); ``A`` the slowing of
net growth when all the HER2 signaling the tumor depends on is blocked; ``P(h)`` the payload's
kill rate, which saturates at ``K`` because binding and uptake saturate, and is half-maximal at
``h_half``.

Every parameter is **dimensionless and illustrative**: chosen to show the logic, not fitted to
any measurement. The model leaves out everything that decides real outcomes: drug exposure, the
payload's own resistance mechanisms, ADCC and other immune effects, heterogeneity between cells,
the bystander killing of neighbors (Ogitani et al., Cancer Sci 2016), and side effects. Its two
properties are independent; in real tumors they are not. The model allows a tumor with little
HER2 whose growth still depends mostly on HER2 signaling, on which the blocker alone would work;
:func:`unlikely_tumor` marks that corner (less HER2 than ``h_half``, dependence above g/A), a
boundary chosen for the picture, not measured. The model shows why an address can outlast a
signal, not what any drug does in any patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .checks import array, number, param, validated

__all__ = [
    "DEFAULT",
    "DRUGS",
    "ToyParams",
    "dependence_needed",
    "her2_needed",
    "net_rate",
    "payload_kill_rate",
    "relative_size",
    "unlikely_tumor",
]

#: The treatments the model compares, in the order the chapter shows them.
DRUGS = ("none", "blocker", "conjugate")


@validated
@dataclass(frozen=True)
class ToyParams:
    """Parameters of the toy model (dimensionless, illustrative; see the module docstring).

    growth : untreated net growth rate g (per unit time; it defines the time unit), > 0.
    block_effect : A, how much blocking all the HER2 signaling a tumor depends on lowers its net
        growth rate (per unit time), ≥ 0.
    payload_kill : K, the payload's maximal kill rate (per unit time), ≥ 0.
    half_delivery : h_half, the HER2 level (fraction of a strongly HER2-positive cell) at which
        the payload's kill rate is half-maximal, > 0.
    """

    growth: float = param(1.0, positive=True)
    block_effect: float = param(2.0, low=0.0)
    payload_kill: float = param(2.5, low=0.0)
    half_delivery: float = param(0.25, positive=True)


DEFAULT = ToyParams()


def _fraction(name: str, x):
    a = array(name, x, nonneg=True)
    if np.any(a > 1):
        raise ValueError(f"{name} must be between 0 and 1, got {x!r}")
    return a


def _out(a: np.ndarray):
    return float(a) if a.ndim == 0 else a


def payload_kill_rate(her2, params: ToyParams = DEFAULT):
    """The payload's kill rate P(h) = K·h/(h + h_half) (per unit time).

    ``her2`` : HER2 on the surface, fraction of a strongly HER2-positive cell (0–1; scalar or
    array). A cell without HER2 receives no payload: P(0) = 0.
    """
    h = _fraction("her2", her2)
    return _out(params.payload_kill * h / (h + params.half_delivery))


def net_rate(drug: str, her2, dependence, params: ToyParams = DEFAULT):
    """Net growth rate (per unit time) of a tumor under ``drug`` (one of :data:`DRUGS`).

    ``her2`` and ``dependence`` are fractions (0–1, scalars or arrays that broadcast). Positive
    means the tumor grows, negative that it shrinks. ``ValueError`` names a bad argument.
    """
    if drug not in DRUGS:
        raise ValueError(f"drug must be one of {DRUGS}, got {drug!r}")
    h = _fraction("her2", her2)
    d = _fraction("dependence", dependence)
    rate = np.full(np.broadcast(h, d).shape, params.growth)
    if drug in ("blocker", "conjugate"):
        rate = rate - params.block_effect * d
    if drug == "conjugate":
        rate = rate - params.payload_kill * h / (h + params.half_delivery)
    return _out(rate)


def relative_size(drug: str, her2, dependence, t, params: ToyParams = DEFAULT):
    """Tumor size after ``t`` time units (≥ 0; scalar or array), relative to its size at t = 0.

    A constant net rate r gives exp(r·t).
    """
    t = array("t", t, nonneg=True)
    rate = net_rate(drug, her2, dependence, params)
    return _out(np.exp(np.multiply(rate, t)))


def dependence_needed(params: ToyParams = DEFAULT) -> float:
    """The dependence on HER2 signaling above which the blocker shrinks the tumor: g/A.

    ``inf`` if the blocker has no effect (A = 0). A value above 1 means no tumor qualifies.
    """
    if params.block_effect == 0:
        return math.inf
    return params.growth / params.block_effect


def her2_needed(dependence: float, params: ToyParams = DEFAULT) -> float:
    """The HER2 level above which the conjugate shrinks a tumor with this ``dependence``.

    Solves g − A·d − K·h/(h + h_half) = 0 for h: with the shortfall s = g − A·d,
    h = s·h_half/(K − s). Returns 0 when the signaling block alone already stops growth (s ≤ 0)
    and ``inf`` when even unlimited HER2 is not enough (s ≥ K). A value above 1 means no tumor on
    the model's HER2 scale qualifies.
    """
    d = number("dependence", dependence, low=0.0, high=1.0)
    shortfall = params.growth - params.block_effect * d
    if shortfall <= 0:
        return 0.0
    if shortfall >= params.payload_kill:
        return math.inf
    return shortfall * params.half_delivery / (params.payload_kill - shortfall)


def unlikely_tumor(her2, dependence, params: ToyParams = DEFAULT):
    """Whether a tumor is one the model allows but real tumors are unlikely to be (bool or array).

    True where HER2 is below ``h_half`` (the payload's half-delivery level) *and* the dependence
    on HER2 signaling is above :func:`dependence_needed` (g/A), where the blocker alone would
    shrink the tumor: little HER2, yet growth that depends mostly on it. The two properties are
    independent in the model but not in real tumors; the boundary is chosen to mark that corner
    of the map, not measured. Arguments as in :func:`net_rate`.
    """
    h = _fraction("her2", her2)
    d = _fraction("dependence", dependence)
    out = (h < params.half_delivery) & (d > dependence_needed(params))
    return bool(out) if out.ndim == 0 else out
