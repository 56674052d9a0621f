"""xnplan.report.params: a notebook parameter out of range names the valid range."""

from __future__ import annotations

import pytest

from xnplan.errors import ParameterError
from xnplan.report import params


def test_parameter_checks_name_the_valid_range():
    assert params.check_whole_number("top_n", 10, 1, 50) == 10
    for bad in (0, 51, "10", True, 2.5):
        with pytest.raises(ParameterError, match="top_n must be a whole number from 1 to 50"):
            params.check_whole_number("top_n", bad, 1, 50)
    assert params.check_flag("include_ok", False) is False
    with pytest.raises(ParameterError, match="include_ok must be True or False, got 'no'"):
        params.check_flag("include_ok", "no")
