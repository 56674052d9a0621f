"""xnplan.report.params: a notebook parameter out of range names the valid range."""

from __future__ import annotations

import pytest

from xnplan.errors import ParameterError
from xnplan.report import params


def test_parameter_checks_name_the_valid_range():
    assert params.check_whole_number("top_n", 10, 1, 50) == 10
    for bad in (0, 51, "10", True, 2.5):
        with pytest.raises(ParameterError, match="top_n 应为 1 到 50 之间的整数，不能是 "):
            params.check_whole_number("top_n", bad, 1, 50)
    assert params.check_flag("include_ok", False) is False
    with pytest.raises(ParameterError, match="include_ok 应为 True 或 False，不能是 'no'"):
        params.check_flag("include_ok", "no")
