"""Input validation shared by the models: a clear ``ValueError`` that names the parameter.

Two ways to use it:

- call :func:`number`, :func:`array` or :func:`whole` on a function's arguments;
- declare the rules on a dataclass's fields with :func:`param` and decorate the class with
  :func:`validated`: every field that carries a rule is converted and checked when an instance is
  made, so a parameter class needs no hand-written ``__post_init__``::

      @validated
      @dataclass(frozen=True)
      class Rates:
          p: float = param(0.55, low=0, high=1)      # a probability
          r_S: float = param(0.1, low=0)             # 1/day
          K: float = param(1.0, positive=True)

      Rates(p=1.5)  # ValueError: p must be ≤ 1, got 1.5

  A rule can also be ``kind=SomeClass`` (the value must be an instance) or ``vector=n`` (a
  sequence of ``n`` numbers, stored as a tuple). Rules that relate two fields go in a method
  ``_check(self)``, which :func:`validated` calls after the field rules.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["array", "number", "param", "validated", "whole"]


def _is_bool(x: Any) -> bool:
    return isinstance(x, bool | np.bool_)


def number(
    name: str,
    x: float,
    *,
    low: float | None = None,
    high: float | None = None,
    positive: bool = False,
) -> float:
    """``x`` as a finite float within [low, high] (and > 0 if ``positive``), or ``ValueError``.

    Booleans are refused: ``True`` is not the number 1 to a reader who typed it by mistake.
    """
    if _is_bool(x):
        raise ValueError(f"{name} must be a number, got {x!r}")
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
    """``x`` as a non-empty float array of finite values (optionally all > 0 or all ≥ 0).

    A scalar gives a 0-d array (``float()`` of it is the number); booleans are refused.
    """
    if _is_bool(x) or (isinstance(x, np.ndarray) and x.dtype == bool):
        raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}")
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
    if _is_bool(n) or not isinstance(n, int | float | np.integer | np.floating) or int(n) != n:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {n!r}")
    if n < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {n!r}")
    return int(n)


@dataclasses.dataclass(frozen=True)
class _Rule:
    """How one field is checked (see :func:`param`)."""

    low: float | None = None
    high: float | None = None
    positive: bool = False
    kind: type | tuple[type, ...] | None = None
    vector: int | None = None

    def apply(self, name: str, value: Any) -> Any:
        if self.kind is not None:
            if not isinstance(value, self.kind):
                kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
                wanted = " or ".join(k.__name__ for k in kinds)
                raise ValueError(f"{name} must be a {wanted}, got {type(value).__name__}")
            return value
        if self.vector is not None:
            a = array(name, value)
            if a.shape != (self.vector,):
                raise ValueError(f"{name} must be {self.vector} numbers, got {value!r}")
            return tuple(
                number(f"{name}[{i}]", v, low=self.low, high=self.high, positive=self.positive)
                for i, v in enumerate(a)
            )
        return number(name, value, low=self.low, high=self.high, positive=self.positive)


def param(
    default: Any = dataclasses.MISSING,
    *,
    low: float | None = None,
    high: float | None = None,
    positive: bool = False,
    kind: type | tuple[type, ...] | None = None,
    vector: int | None = None,
    default_factory: Callable[[], Any] | None = None,
) -> Any:
    """A dataclass field with a validation rule, for classes decorated with :func:`validated`.

    ``low``/``high``/``positive`` bound a number (or every entry of a ``vector``); ``kind``
    requires an instance of a class instead. Give ``default`` or ``default_factory`` (or
    neither, for a required field).
    """
    rule = _Rule(low=low, high=high, positive=positive, kind=kind, vector=vector)
    metadata = {"check": rule}
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def validated(cls: type) -> type:
    """Class decorator: check every :func:`param` field when an instance is made.

    Works for frozen and ordinary dataclasses; values are stored converted (``"2"`` → ``2.0``,
    a ``vector`` as a tuple). After the field rules, an optional ``_check(self)`` method checks
    rules between fields and should raise ``ValueError`` naming them.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"@validated goes above @dataclass (on {cls.__name__})")
    rules = [
        (f.name, f.metadata["check"]) for f in dataclasses.fields(cls) if "check" in f.metadata
    ]
    init = cls.__init__

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)  # runs any __post_init__ the class defines
        for name, rule in rules:
            object.__setattr__(self, name, rule.apply(name, getattr(self, name)))
        check = getattr(self, "_check", None)
        if check is not None:
            check()

    cls.__init__ = __init__
    return cls
