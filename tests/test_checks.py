"""Shared input validation."""

from __future__ import annotations

import numpy as np
import pytest

from her2book.checks import array, number, whole


def test_number_accepts_and_converts():
    assert number("x", "2.5") == 2.5
    assert number("p", 1.0, low=0.0, high=1.0) == 1.0


@pytest.mark.parametrize(
    "kwargs, value, message",
    [
        ({}, "abc", "x must be a number"),
        ({}, float("inf"), "x must be finite"),
        ({"positive": True}, 0.0, "x must be > 0"),
        ({"low": 0.0}, -1e-9, "x must be ≥ 0"),
        ({"high": 1.0}, 1.5, "x must be ≤ 1"),
    ],
)
def test_number_names_the_parameter(kwargs, value, message):
    with pytest.raises(ValueError, match=message):
        number("x", value, **kwargs)


def test_array_and_whole():
    assert np.array_equal(array("a", [1, 2]), [1.0, 2.0])
    with pytest.raises(ValueError, match="a is empty"):
        array("a", [])
    with pytest.raises(ValueError, match="a must be ≥ 0"):
        array("a", [1, -1], nonneg=True)
    assert whole("n", 3.0) == 3
    for bad in (0, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n must be a whole number"):
            whole("n", bad)
