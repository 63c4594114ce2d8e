"""Small clinical studies as 2×2 tables (Chapter 4).

A 2×2 table counts patients by a marker (rows) and an outcome (columns)::

                    progressed   responded or stable
    marker high         a               b
    marker low          c               d

All counts are numbers of patients (whole numbers ≥ 0). The tools here answer: how surprising is
the table if marker and outcome were unrelated (Fisher's exact test, a permutation test), how
strong is the association (odds ratios) and how precisely is it known (confidence intervals).

Fisher's exact test
    Fix the row and column totals. If the marker says nothing about the outcome, cell ``a`` follows
    the hypergeometric distribution: P(a = k) = C(a+b, k)·C(c+d, a+c−k) / C(n, a+c). The test is
    Fisher's (Statistical Methods for Research Workers, 5th ed., 1934; The Design of Experiments,
    1935); Yates (1934) was one of its first published introductions, and Fisher's 1922 paper is
    about the χ² test, not this one. The two-sided p-value adds the probabilities of every table
    at most as probable as the one observed: Irwin's rule (Irwin 1935; the name used by Campbell
    2007), the convention of ``scipy.stats.fisher_exact`` and of R's ``fisher.test``. Other
    two-sided rules exist (doubling the smaller tail, for one), and they can give a different
    p-value.

Odds ratios
    The sample odds ratio is (a·d)/(b·c). The conditional maximum-likelihood estimate maximises the
    non-central hypergeometric likelihood of ``a`` given the margins; its exact ("conditional")
    confidence interval inverts two one-sided Fisher tests (``scipy.stats.contingency.odds_ratio``).
    The Woolf interval is exp(ln OR ± z·sqrt(1/a + 1/b + 1/c + 1/d)); with a zero cell, the
    Haldane-Anscombe correction adds 0.5 to every cell first.

Permutation test
    Shuffle the outcome labels among the patients (keeping how many progressed) and count how often
    the difference in the proportion who progressed, |a/(a+b) − c/(c+d)|, is at least the one
    observed. Seeded, so the book prints the same number on every build.

Everything assumes patients are independent and that nothing else differs between the rows:
no adjustment for other prognostic factors is possible with a bare 2×2 table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import fisher_exact, hypergeom, norm
from scipy.stats.contingency import odds_ratio as _scipy_odds_ratio

from .checks import number, whole

__all__ = [
    "TableAnalysis",
    "analyze_table",
    "as_table",
    "conditional_odds_ratio",
    "fisher_pmf",
    "fisher_two_sided",
    "permutation_test",
    "sample_odds_ratio",
    "scale_table",
    "shift_patients",
    "woolf_interval",
]

CELLS = {"a": (0, 0), "b": (0, 1), "c": (1, 0), "d": (1, 1)}


def as_table(table) -> np.ndarray:
    """A validated 2×2 table of patient counts as an integer array.

    Raises ``ValueError`` (naming ``table``) unless the input is 2×2, made of finite whole numbers
    ≥ 0, and every row and column has at least one patient.
    """
    try:
        arr = np.asarray(table, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"table must be a 2×2 array of counts, got {table!r}") from exc
    if arr.shape != (2, 2):
        raise ValueError(
            f"table must be 2×2 (rows: marker, columns: outcome), got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.round(arr)):
        raise ValueError(f"table must hold whole numbers of patients ≥ 0, got {arr.tolist()}")
    arr = arr.astype(int)
    if np.any(arr.sum(axis=1) == 0) or np.any(arr.sum(axis=0) == 0):
        raise ValueError(
            f"table has an empty row or column {arr.tolist()}: there is nothing to compare"
        )
    return arr


def _confidence(confidence: float) -> float:
    confidence = number("confidence", confidence)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return confidence


def fisher_pmf(table) -> tuple[np.ndarray, np.ndarray]:
    """Null distribution of cell ``a`` given the margins: (possible values k, P(a = k)).

    Hypergeometric: the ``a + c`` patients who progressed are a random draw, without replacement,
    from all ``n`` patients, of whom ``a + b`` have the marker high.
    """
    t = as_table(table)
    row1, col1, n = t[0].sum(), t[:, 0].sum(), t.sum()
    k = np.arange(max(0, col1 - (n - row1)), min(row1, col1) + 1)
    return k, hypergeom.pmf(k, n, row1, col1)


def fisher_two_sided(table) -> float:
    """Two-sided p-value of Fisher's exact test (dimensionless, 0-1), via ``scipy.stats``."""
    t = as_table(table)
    return float(fisher_exact(t, alternative="two-sided").pvalue)


def sample_odds_ratio(table) -> float:
    """Sample odds ratio (a·d)/(b·c); ``inf`` if b·c = 0 < a·d, ``nan`` if both products are 0."""
    t = as_table(table)
    num, den = float(t[0, 0] * t[1, 1]), float(t[0, 1] * t[1, 0])
    if den == 0:
        return float("inf") if num > 0 else float("nan")
    return num / den


def conditional_odds_ratio(table, confidence: float = 0.95) -> tuple[float, float, float]:
    """Conditional MLE of the odds ratio and its exact conditional interval: (estimate, low, high).

    Uses ``scipy.stats.contingency.odds_ratio(kind="conditional")``; the interval can reach 0 or
    ``inf`` when a cell is empty.
    """
    t = as_table(table)
    confidence = _confidence(confidence)
    res = _scipy_odds_ratio(t, kind="conditional")
    ci = res.confidence_interval(confidence_level=confidence)
    return float(res.statistic), float(ci.low), float(ci.high)


def woolf_interval(
    table, confidence: float = 0.95, haldane: bool | None = None
) -> tuple[float, float, float]:
    """Woolf (log-normal) interval: (odds ratio, low, high).

    haldane : add 0.5 to every cell first (Haldane-Anscombe). ``None`` (default) does so only when
        a cell is zero, which is when the plain Woolf interval is undefined.
    """
    t = as_table(table).astype(float)
    confidence = _confidence(confidence)
    if haldane is None:
        haldane = bool(np.any(t == 0))
    if haldane:
        t = t + 0.5
    a, b, c, d = t.ravel()
    log_or = np.log(a * d / (b * c))
    se = np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    z = norm.ppf(0.5 + confidence / 2)
    return float(np.exp(log_or)), float(np.exp(log_or - z * se)), float(np.exp(log_or + z * se))


def _difference(a: np.ndarray, row1: int, col1: int, n: int) -> np.ndarray:
    """Proportion progressed in row 1 minus row 2, for cell ``a`` values (margins fixed)."""
    return a / row1 - (col1 - a) / (n - row1)


def permutation_test(table, n_permutations: int = 20000, seed: int = 0) -> float:
    """Two-sided permutation p-value for the difference in proportions who progressed.

    Shuffles the outcome labels among the patients ``n_permutations`` times (seeded) and returns
    (1 + number of shuffles with |difference| ≥ observed) / (1 + n_permutations).
    """
    t = as_table(table)
    n_permutations = whole("n_permutations", n_permutations)
    row1, col1, n = int(t[0].sum()), int(t[:, 0].sum()), int(t.sum())
    outcomes = np.zeros(n, dtype=np.int8)
    outcomes[:col1] = 1  # 1 = progressed
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.broadcast_to(outcomes, (n_permutations, n)), axis=1)
    a_perm = shuffled[:, :row1].sum(axis=1)  # the first row1 patients have the marker high
    observed = abs(_difference(np.array(t[0, 0]), row1, col1, n))
    diffs = np.abs(_difference(a_perm, row1, col1, n))
    extreme = int(np.sum(diffs >= observed - 1e-12))
    return (1 + extreme) / (1 + n_permutations)


def _round_half_up(x: float) -> int:
    return int(np.floor(x + 0.5))


def scale_table(table, factor: float) -> np.ndarray:
    """The table for a study ``factor`` times as large, with the same proportions (rounded).

    Each row total is scaled and rounded (at least 1 patient); the row's cells keep the row's
    observed proportion who progressed, rounded to whole patients (halves round up). A whole-number
    factor keeps the proportions exactly; any other can change them (half of a row of 7 with 6
    progressions is 3 of 4, 75%, not 86%).
    """
    t = as_table(table)
    factor = number("factor", factor, positive=True)
    out = np.zeros((2, 2), dtype=int)
    for i in range(2):
        n_row = max(1, _round_half_up(t[i].sum() * factor))
        first = _round_half_up(n_row * t[i, 0] / t[i].sum())
        out[i] = (first, n_row - first)
    return as_table(out)


def shift_patients(table, source: str, target: str, k: int = 1) -> np.ndarray:
    """Move ``k`` patients from cell ``source`` to cell ``target`` (cells "a", "b", "c", "d").

    Moving within a row recounts an outcome (say, one progression was really stable disease);
    moving within a column recounts the marker (a "high" tumour was really "low").
    """
    t = as_table(table).copy()
    for name, cell in (("source", source), ("target", target)):
        if cell not in CELLS:
            raise ValueError(f"{name} must be one of {sorted(CELLS)}, got {cell!r}")
    if source == target:
        raise ValueError(f"source and target are the same cell {source!r}")
    k = whole("k", k, minimum=0)
    if t[CELLS[source]] < k:
        raise ValueError(f"cell {source!r} holds {t[CELLS[source]]} patients, cannot move k={k}")
    t[CELLS[source]] -= k
    t[CELLS[target]] += k
    return as_table(t)


@dataclass(frozen=True)
class TableAnalysis:
    """Everything the chapter reports about one 2×2 table (odds ratios are dimensionless)."""

    table: tuple[tuple[int, int], tuple[int, int]]
    p_fisher: float  # two-sided
    or_sample: float
    or_conditional: float
    ci_conditional: tuple[float, float]
    or_woolf: float  # equals or_sample unless the Haldane correction was applied
    ci_woolf: tuple[float, float]
    confidence: float

    @property
    def n(self) -> int:
        """Number of patients."""
        return int(np.sum(self.table))

    @property
    def risk_high(self) -> float:
        """Proportion who progressed among marker-high patients."""
        (a, b), _ = self.table
        return a / (a + b)

    @property
    def risk_low(self) -> float:
        """Proportion who progressed among marker-low patients."""
        _, (c, d) = self.table
        return c / (c + d)


def analyze_table(table, confidence: float = 0.95) -> TableAnalysis:
    """Fisher p-value, sample and conditional odds ratios, exact and Woolf intervals."""
    t = as_table(table)
    est, lo, hi = conditional_odds_ratio(t, confidence)
    w, wlo, whi = woolf_interval(t, confidence)
    return TableAnalysis(
        table=tuple(tuple(int(v) for v in row) for row in t),
        p_fisher=fisher_two_sided(t),
        or_sample=sample_odds_ratio(t),
        or_conditional=est,
        ci_conditional=(lo, hi),
        or_woolf=w,
        ci_woolf=(wlo, whi),
        confidence=confidence,
    )
