"""ISH scoring of HER2: signal counting in tumor nuclei (Chapter 1).

A pathologist counts HER2 signals and CEP17 (chromosome 17 centromere) signals in ``n`` tumour
nuclei. Here each nucleus's counts are Poisson with means ``her2_mean`` and ``cep17_mean``
(copies per nucleus). The HER2/CEP17 ratio is estimated as ``sum(HER2) / sum(CEP17)``; the
ASCO/CAP 2018 guideline (Wolff et al. 2018) sorts a case into ISH groups 1-5 by that ratio
(cut-off 2.0) and the mean HER2 copy number (cut-offs 4.0 and 6.0).

Because the two totals are independent Poisson variables, given their sum ``T`` the HER2 total is
Binomial(T, p) with p = her2_mean / (her2_mean + cep17_mean). That gives an exact confidence
interval for the ratio (Clopper-Pearson on p, mapped by r = p / (1 - p)) and an exact probability
that a count lands on either side of the 2.0 cut-off.

A teaching model, with Poisson counting as the only source of noise: real nuclei vary more
(tumour heterogeneity, truncated nuclei in thin sections), so real uncertainty is larger.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .checks import number, whole

__all__ = [
    "RATIO_CUTOFF",
    "COPIES_LOW",
    "COPIES_HIGH",
    "NORMAL_CEP17",
    "GROUPS",
    "group",
    "simulate_nuclei",
    "Estimate",
    "estimate",
    "probability_ratio_at_least",
    "misclassification_probability",
    "simulate_ratios",
]

RATIO_CUTOFF = 2.0  # HER2/CEP17 ratio (dimensionless), ASCO/CAP 2018
COPIES_LOW = 4.0  # mean HER2 signals per nucleus
COPIES_HIGH = 6.0  # mean HER2 signals per nucleus
#: Default CEP17 mean: two chromosome 17 centromere signals per nucleus (two copies of
#: chromosome 17).
NORMAL_CEP17 = 2.0

GROUPS = {
    1: "Group 1: ratio ≥ 2.0 and ≥ 4.0 copies (positive)",
    2: "Group 2: ratio ≥ 2.0 but < 4.0 copies (needs IHC work-up)",
    3: "Group 3: ratio < 2.0 but ≥ 6.0 copies (needs IHC work-up)",
    4: "Group 4: ratio < 2.0 and 4.0–6.0 copies (needs IHC work-up)",
    5: "Group 5: ratio < 2.0 and < 4.0 copies (negative)",
}


def group(ratio: float, her2_copies: float) -> int:
    """ASCO/CAP 2018 ISH group (1-5) for a dual-probe HER2/CEP17 result.

    ratio : HER2/CEP17 signal ratio (dimensionless); her2_copies : mean HER2 signals per nucleus.
    Groups 1 (positive) and 5 (negative) are final; groups 2-4 need concurrent IHC review.
    Groups 2-4 are the combinations in which ratio and copy number disagree, not results close
    to the 2.0 cut-off: ``group(2.1, 4.2)`` is 1. With IHC 2+ the guideline asks a blinded
    observer to recount at least 20 cells; this function only sorts a count.
    """
    ratio = number("ratio", ratio, low=0.0)
    her2_copies = number("her2_copies", her2_copies, low=0.0)
    if ratio >= RATIO_CUTOFF:
        return 1 if her2_copies >= COPIES_LOW else 2
    if her2_copies >= COPIES_HIGH:
        return 3
    if her2_copies >= COPIES_LOW:
        return 4
    return 5


def simulate_nuclei(
    her2_mean: float, cep17_mean: float, n_nuclei: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Signal counts per nucleus: (HER2 counts, CEP17 counts), Poisson, seeded.

    her2_mean, cep17_mean : true mean signals per nucleus (copies); n_nuclei : nuclei counted.
    """
    her2_mean = number("her2_mean", her2_mean, positive=True)
    cep17_mean = number("cep17_mean", cep17_mean, positive=True)
    n_nuclei = whole("n_nuclei", n_nuclei)
    rng = np.random.default_rng(seed)
    return rng.poisson(her2_mean, n_nuclei), rng.poisson(cep17_mean, n_nuclei)


@dataclass(frozen=True)
class Estimate:
    """What a count of ``n_nuclei`` nuclei reports."""

    n_nuclei: int
    her2_total: int
    cep17_total: int
    ratio: float  # HER2/CEP17, dimensionless
    ratio_low: float  # exact 95% CI (Clopper-Pearson), dimensionless
    ratio_high: float
    her2_copies: float  # mean HER2 signals per nucleus

    @property
    def group(self) -> int:
        """ASCO/CAP 2018 ISH group of this count (see :func:`group`)."""
        return group(self.ratio, self.her2_copies)


def estimate(her2_counts, cep17_counts, confidence: float = 0.95) -> Estimate:
    """Ratio, exact confidence interval and mean copy number from per-nucleus counts."""
    h = np.asarray(her2_counts)
    c = np.asarray(cep17_counts)
    if h.shape != c.shape or h.ndim != 1 or h.size == 0:
        raise ValueError(
            "her2_counts and cep17_counts must be 1-D arrays of the same, nonzero size"
        )
    if (
        np.any(h < 0)
        or np.any(c < 0)
        or not (np.all(h == np.round(h)) and np.all(c == np.round(c)))
    ):
        raise ValueError("signal counts must be whole numbers ≥ 0")
    confidence = number("confidence", confidence)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    H, C = int(h.sum()), int(c.sum())
    if C == 0:
        raise ValueError("no CEP17 signals counted: the ratio is undefined")
    T = H + C
    ci = stats.binomtest(H, T).proportion_ci(confidence_level=confidence, method="exact")
    p_lo, p_hi = ci.low, ci.high
    ratio_low = p_lo / (1 - p_lo)
    ratio_high = np.inf if p_hi >= 1 else p_hi / (1 - p_hi)
    return Estimate(h.size, H, C, H / C, float(ratio_low), float(ratio_high), H / h.size)


def probability_ratio_at_least(
    her2_mean: float, cep17_mean: float, n_nuclei: int, cutoff: float = RATIO_CUTOFF
) -> float:
    """Exact P(counted ratio ≥ cutoff) when ``n_nuclei`` nuclei are counted (Poisson model).

    Given the total T of both signals, the HER2 total H is Binomial(T, p), and
    H / (T - H) ≥ cutoff  ⇔  H ≥ cutoff·T / (1 + cutoff). A count with no CEP17 signal (H = T) is
    taken as ≥ cutoff. Sums over T out to where the Poisson tail is below 1e-12.
    """
    her2_mean = number("her2_mean", her2_mean, positive=True)
    cep17_mean = number("cep17_mean", cep17_mean, positive=True)
    n_nuclei = whole("n_nuclei", n_nuclei)
    cutoff = number("cutoff", cutoff, positive=True)
    lam = n_nuclei * (her2_mean + cep17_mean)
    p = her2_mean / (her2_mean + cep17_mean)
    t_max = int(stats.poisson.isf(1e-12, lam)) + 1
    T = np.arange(0, t_max + 1)
    k_min = np.ceil(cutoff * T / (1 + cutoff) - 1e-12)  # smallest H with H/(T-H) >= cutoff
    p_at_least = stats.binom.sf(k_min - 1, T, p)  # P(H >= k_min | T)
    p_at_least[0] = 0.0  # T = 0: nothing counted; the ratio is undefined, not positive
    return float(np.sum(stats.poisson.pmf(T, lam) * p_at_least))


def misclassification_probability(her2_mean: float, cep17_mean: float, n_nuclei: int) -> float:
    """Chance a count of ``n_nuclei`` puts the ratio on the other side of 2.0 than the truth.

    The truth is her2_mean / cep17_mean; a true ratio of exactly 2.0 counts as "≥ 2.0".
    """
    p_pos = probability_ratio_at_least(her2_mean, cep17_mean, n_nuclei)
    truly_positive = her2_mean / cep17_mean >= RATIO_CUTOFF
    return 1.0 - p_pos if truly_positive else p_pos


def simulate_ratios(
    her2_mean: float,
    cep17_mean: float,
    n_nuclei: int,
    *,
    repeats: int = 4000,
    seed: int = 0,
) -> np.ndarray:
    """Counted HER2/CEP17 ratios in ``repeats`` independent counts of ``n_nuclei`` nuclei.

    Counts with no CEP17 signal at all are dropped (the ratio is undefined).
    """
    her2_mean = number("her2_mean", her2_mean, positive=True)
    cep17_mean = number("cep17_mean", cep17_mean, positive=True)
    n_nuclei = whole("n_nuclei", n_nuclei)
    repeats = whole("repeats", repeats)
    rng = np.random.default_rng(seed)
    h = rng.poisson(her2_mean * n_nuclei, repeats)
    c = rng.poisson(cep17_mean * n_nuclei, repeats)
    keep = c > 0
    return h[keep] / c[keep]
