"""Small views shared by the explorable tests: a decaying line whose only changing artist is
animated (the blit path)."""

from __future__ import annotations

import numpy as np

X = np.linspace(0, 10, 50)


def decay_view(fig):
    """``update(rate, scale)`` redraws scale·exp(−rate·t) and reads out both values."""
    ax = fig.subplots()
    (line,) = ax.plot(X, np.exp(-X), animated=True)
    ax.set(xlabel="Time (days)", ylabel="Size (cells)", ylim=(0, 2))

    def update(rate, scale=1.0):
        line.set_ydata(scale * np.exp(-rate * X))
        return f"rate {rate:g}/day, scale {scale:g}"

    return update
