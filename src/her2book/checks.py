"""Input validation shared by the models: a clear ``ValueError`` that names the parameter."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["array", "number", "whole"]


def number(
    name: str,
    x: float,
    *,
    low: float | None = None,
    high: float | None = None,
    positive: bool = False,
) -> float:
    """``x`` as a finite float within [low, high] (and > 0 if ``positive``), or ``ValueError``."""
    try:
        x = float(x)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {x!r}") from exc
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x!r}")
    if positive and x <= 0:
        raise ValueError(f"{name} must be > 0, got {x!r}")
    if low is not None and x < low:
        raise ValueError(f"{name} must be ≥ {low:g}, got {x!r}")
    if high is not None and x > high:
        raise ValueError(f"{name} must be ≤ {high:g}, got {x!r}")
    return x


def array(name: str, x, *, positive: bool = False, nonneg: bool = False) -> np.ndarray:
    """``x`` as a non-empty float array of finite values (optionally all > 0 or all ≥ 0)."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from exc
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite, got {x!r}")
    if positive and np.any(a <= 0):
        raise ValueError(f"{name} must be > 0, got {x!r}")
    if nonneg and np.any(a < 0):
        raise ValueError(f"{name} must be ≥ 0, got {x!r}")
    return a


def whole(name: str, n: int, *, minimum: int = 1) -> int:
    """``n`` as an int ≥ ``minimum`` (booleans and fractions are refused)."""
    if isinstance(n, bool) or not isinstance(n, int | float | np.integer) or int(n) != n:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {n!r}")
    if n < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {n!r}")
    return int(n)
