"""The Weibull response-duration curve against its closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest

from her2book.response_duration import (
    fraction_in_response,
    fraction_progressed_by,
    median_for_fraction,
)


def test_exponential_case_halves_every_median():
    """With shape 1 the fraction still responding halves every median: 1, 1/2, 1/4."""
    s = fraction_in_response(np.array([0, 9.1, 18.2]), 9.1, 1.0)
    assert s == pytest.approx([1.0, 0.5, 0.25])


@pytest.mark.parametrize("shape", [0.5, 0.7, 1.0, 1.7, 2.0, 3.0])
def test_half_respond_at_the_median_for_every_shape(shape):
    """S(median) = 1/2 whatever the shape."""
    assert fraction_in_response(9.1, 9.1, shape) == pytest.approx(0.5, abs=1e-12)


def test_shape_orders_the_curves_after_the_median():
    """After the median a rising hazard (k > 1) leaves fewer responders than a falling one."""
    t = 12.0
    s = [float(fraction_in_response(t, 9.1, k)) for k in (0.7, 1.0, 2.0)]
    assert s[0] > s[1] > s[2]
    assert s[2] == pytest.approx(math.exp(-math.log(2) * (12 / 9.1) ** 2))


def test_progressed_is_one_minus_still_responding():
    """fraction_progressed_by is 1 − S(t); for shape 1 that is 1 − 2^(−t/median)."""
    assert fraction_progressed_by(12, 9.1) == pytest.approx(1 - 2 ** (-12 / 9.1))


@pytest.mark.parametrize("shape", [0.6, 1.0, 2.0])
def test_median_for_fraction_inverts_the_curve(shape):
    """The median found for 57% still responding at 12 months gives back exactly that curve."""
    m = median_for_fraction(0.57, 12, shape)
    assert fraction_in_response(12, m, shape) == pytest.approx(0.57, rel=1e-12)
    assert median_for_fraction(0.5, 12, shape) == pytest.approx(12)  # half left: t is the median


def test_bad_input_raises_naming_the_parameter():
    """Non-positive medians or shapes, negative times and impossible fractions are refused."""
    with pytest.raises(ValueError, match="median_months"):
        fraction_in_response(1, 0)
    with pytest.raises(ValueError, match="shape"):
        fraction_in_response(1, 9, -1)
    with pytest.raises(ValueError, match="t_months"):
        fraction_in_response(-1, 9)
    with pytest.raises(ValueError, match="t_months"):
        fraction_in_response([1, float("nan")], 9)
    for bad in (0, 1, 1.2):
        with pytest.raises(ValueError, match="fraction"):
            median_for_fraction(bad, 12)
    with pytest.raises(ValueError, match="t_months"):
        median_for_fraction(0.5, 0)
