"""Durations as scenario documents and the agent's environment write them: "45m", "1h30m", "20s", 90."""

from __future__ import annotations

import math
import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_WHOLE = re.compile(r"^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$")


def parse_duration(value: str | int | float, *, allow_zero: bool = False) -> float:
    """Seconds in a duration: a number (seconds) or unit parts like "1h30m", "45m", "2.5s".

    Raises ValueError naming the value when it is not a duration, is negative, or is zero
    (unless `allow_zero`).
    """
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        elif _WHOLE.match(text):
            seconds = sum(float(num) * _UNITS[unit] for num, unit in _PART.findall(text))
        else:
            raise ValueError(f"not a duration: {value!r} (use seconds or units like '45m', '1h30m', '20s')")
    else:
        raise ValueError(f"not a duration: {value!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"duration must be a finite, non-negative time, got {value!r}")
    if seconds == 0 and not allow_zero:
        raise ValueError(f"duration must be greater than zero, got {value!r}")
    return seconds
