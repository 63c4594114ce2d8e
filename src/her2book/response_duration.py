"""How long responses to a treatment last: a Weibull response-duration curve (Chapter 1).

The fraction of responders still in response ``t`` months after responding is

    S(t) = exp(-ln 2 * (t / median)^shape),

so S(median) = 1/2 for every shape. ``shape = 1`` is the exponential (constant hazard);
``shape > 1`` means the hazard rises with time, ``shape < 1`` that it falls (a long tail of
durable responders).

A teaching model: real response-duration curves are estimated from trial data (Kaplan-Meier) and
need not have this shape.
"""

from __future__ import annotations

import numpy as np

from .checks import array, number

__all__ = ["fraction_in_response", "fraction_progressed_by", "median_for_fraction"]


def fraction_in_response(t_months, median_months: float, shape: float = 1.0) -> np.ndarray:
    """Weibull fraction of responders still in response at ``t_months`` (dimensionless, 0-1).

    S(t) = exp(-ln 2 · (t / median)^shape); S(median) = 0.5 for every shape. ``t_months`` is a
    number or an array of months (≥ 0); ``median_months`` in months; ``shape`` dimensionless.
    """
    median_months = number("median_months", median_months, positive=True)
    shape = number("shape", shape, positive=True)
    t = array("t_months", t_months, nonneg=True)
    return np.exp(-np.log(2.0) * (t / median_months) ** shape)


def fraction_progressed_by(t_months: float, median_months: float, shape: float = 1.0) -> float:
    """Fraction of responders whose disease has progressed by ``t_months`` (1 − S(t))."""
    return float(1.0 - fraction_in_response(t_months, median_months, shape))


def median_for_fraction(fraction: float, t_months: float, shape: float = 1.0) -> float:
    """The median (months) for which a share ``fraction`` still responds at ``t_months``.

    Solves S(t) = fraction for the median: median = t · (ln 2 / ln(1 / fraction))^(1 / shape).
    ``fraction`` strictly between 0 and 1; ``t_months`` > 0.
    """
    fraction = number("fraction", fraction)
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1 (exclusive), got {fraction!r}")
    t_months = number("t_months", t_months, positive=True)
    shape = number("shape", shape, positive=True)
    return float(t_months * (np.log(2.0) / np.log(1.0 / fraction)) ** (1.0 / shape))
