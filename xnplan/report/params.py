"""Notebook parameters checked: a wrong value stops the report with a message naming the parameter."""

from __future__ import annotations

from xnplan.errors import ParameterError


def check_whole_number(name: str, value: object, low: int, high: int) -> int:
    """A notebook parameter that must be a whole number in [low, high]; ParameterError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterError(
            f"{name} 应为 {low} 到 {high} 之间的整数，不能是 {value!r}"
            f"（must be a whole number from {low} to {high}）"
        )
    return value


def check_flag(name: str, value: object) -> bool:
    """A notebook parameter that must be True or False; ParameterError otherwise."""
    if not isinstance(value, bool):
        raise ParameterError(f"{name} 应为 True 或 False，不能是 {value!r}（must be True or False）")
    return value
