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


def test_booleans_are_not_numbers():
    with pytest.raises(ValueError, match="x must be a number"):
        number("x", True)
    with pytest.raises(ValueError, match="a must be a number or an array"):
        array("a", np.array([True, False]))


def test_array_accepts_a_scalar():
    assert float(array("a", 2.5)) == 2.5
    with pytest.raises(ValueError, match="a must be a number or an array"):
        array("a", object())


def test_declared_rules_check_every_field():
    from dataclasses import dataclass

    from her2book.checks import param, validated

    @validated
    @dataclass(frozen=True)
    class Rates:
        p: float = param(0.5, low=0, high=1)
        K: float = param(1.0, positive=True)
        weights: tuple = param((1, 2), vector=2, low=0)
        name: str = param("x", kind=str)

        def _check(self):
            if self.p > 0.9 and self.K > 10:
                raise ValueError("p and K: too large together")

    r = Rates(p="0.25", weights=[3, 4])
    assert r.p == 0.25 and r.weights == (3.0, 4.0)
    for kwargs, message in [
        ({"p": 1.5}, "p must be ≤ 1"),
        ({"K": 0}, "K must be > 0"),
        ({"weights": [1]}, "weights must be 2 numbers"),
        ({"weights": [1, -1]}, r"weights\[1\] must be ≥ 0"),
        ({"name": 3}, "name must be a str"),
        ({"p": 0.95, "K": 11}, "p and K"),
        ({"p": True}, "p must be a number"),
    ]:
        with pytest.raises(ValueError, match=message):
            Rates(**kwargs)
