"""An evaluator's file, crafted to break the reader: nothing dropped, nothing invented, no traceback,
no hang, nothing printed raw. Each test goes through what ``xnplan check`` and ``xnplan assess`` call
(``inputs.read_observations``, ``inputs.read_project_status``, the CLI)."""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.assess.xlsx_parts import X, sheet_xml, workbook_bytes
from xnplan.assess import inputs, templates
from xnplan.cli import main
from xnplan.errors import InputValidationError
from xnplan.report import target_gap as gapreport

# The catalogue's units of the ids used here: T02 is the one indicator counted in ‰.
UNITS = {"I13-01": "元/月", "I14-04": "%", "I14-05": "%", "I14-12": "%", "T02": "‰"}
COLUMNS = list(inputs.OBSERVATION_COLUMNS)
HEADER = ",".join(COLUMNS) + "\n"
LABELS = [inputs.COLUMN_LABELS[c] for c in COLUMNS]
STATUS_HEADER = ",".join(inputs.STATUS_COLUMNS) + "\n"
ENCRYPTED = Path(__file__).parent / "data" / "encrypted_observations.xlsx"


def problems_of(call) -> list[str]:
    with pytest.raises(InputValidationError) as info:
        call()
    return info.value.problems


def write(tmp_path: Path, text: str, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def isolated(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter limited to 2 GiB of address space and ``timeout`` seconds:
    what hangs or eats memory fails there instead of taking the test run with it."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    try:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            cwd=Path(__file__).parent,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s")


# ---------------------------------------------------------------------------------------------
# Rows and values lost or changed without a word


def test_an_unclosed_quote_is_an_error_naming_its_line(tmp_path, capsys):
    # Row 1's source opens a quote that never closes: rows 2–4 used to become part of its text.
    path = write(
        tmp_path,
        HEADER
        + 'I14-04,全市,2023,50,%,,"统计年报,,\n'
        + "I14-05,全市,2023,60,%,,src,,\nI14-12,全市,2023,70,%,,src,,\n"
        + "I13-01,全市,2023,720,元/月,,src,,\n",
    )
    assert problems_of(lambda: inputs.read_observations(path, UNITS)) == [
        "文件第2行起：引号未闭合，这一行之后的内容会被并入同一个单元格；请检查该行的双引号是否成对 "
        "(file line 2: a quote opened here is never closed)"
    ]
    assert main(["check", str(path)]) == 1
    assert "1 row(s) with values" not in capsys.readouterr().out


def test_a_stale_sheet_dimension_drops_nothing(xlsx):
    # The file declares A1:I3: two data rows and no judgement columns. It holds three rows, the last
    # with a judgement in column J and its reason in K; every one of them is read.
    header = [*LABELS, "评估人判断", "判断理由"]
    rows = [
        header,
        ["I14-04", "全市", 2023, 50, "%", None, "年报"],
        ["I14-05", "全市", 2023, 60, "%", None, "年报"],
        ["I14-12", "全市", 2023, None, None, None, "年报", None, None, "滞后", "进度慢"],
    ]
    path = xlsx({"观测值": rows}, dimension="A1:I3")
    obs = inputs.read_observations(path, UNITS)
    assert obs["indicator_id"].tolist() == ["I14-04", "I14-05", "I14-12"]
    assert obs["judgement"].tolist() == ["", "", "滞后"] and obs["row"].tolist() == [1, 2, 3]


def test_a_formula_without_a_stored_result_is_refused_with_its_cell(xlsx):
    rows = [LABELS, ["I14-04", "全市", 2023, X(formula="40+10", stored=False), "%", None, "年报"]]
    found = problems_of(lambda: inputs.read_observations(xlsx({"观测值": rows}), UNITS))
    assert len(found) == 1 and found[0].startswith("单元格 观测值!D2 是公式，但文件中没有它的计算结果")


@pytest.mark.parametrize("text", ["0,500", "120¹", "⑤", "1 234", "7,5", "0x10", "１２０²", "12e3"])
def test_only_plain_numbers_are_read(tmp_path, text):
    path = write(tmp_path, HEADER + f'I13-01,全市,2023,"{text}",元/月,,src,,\n')
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert len(found) == 1 and found[0].startswith(f"第1行（文件第2行）数值“{text}”"), found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234),
        ("12,345,678.5", 12345678.5),
        ("１２３４．５", 1234.5),
        ("１，２３４", 1234),
        ("720", 720),
        (".5", 0.5),
    ],
)
def test_full_width_digits_and_grouped_thousands_are_read(tmp_path, text, value):
    path = write(tmp_path, HEADER + f'I13-01,全市,2023,"{text}",元/月,,src,,\n')
    assert inputs.read_observations(path, UNITS)["value"].tolist() == [value]


def test_a_percent_cell_is_read_as_it_shows(xlsx):
    # 0.0014 stored, 0.14% shown: T02 is counted in ‰, so 0.14 % is 1.4 ‰ (0.14 × 10), not 0.014 ‰.
    # A percent cell for a % indicator is not taken for a fraction: 0.5% shown is 0.5 %.
    rows = [
        LABELS,
        ["T02", "全市", 2023, X(0.0014, style="percent"), "%", None, "年报"],
        ["I14-04", "全市", 2023, X(0.005, style="percent"), None, None, "年报"],
    ]
    obs = inputs.read_observations(xlsx({"观测值": rows}), UNITS)
    assert obs["value_as_given"].tolist() == [0.14, 0.5]
    assert obs["unit_as_given"].tolist() == ["%", "%"]
    assert obs["value"].tolist() == pytest.approx([1.4, 0.5])


def test_a_percent_cell_under_another_unit_is_refused(xlsx):
    rows = [LABELS, ["T02", "全市", 2023, X(0.0014, style="percent"), "‰", None, "年报"]]
    found = problems_of(lambda: inputs.read_observations(xlsx({"观测值": rows}), UNITS))
    assert found == [
        "第1行（观测值!D2）数值单元格显示为“0.14%”（%），单位却填“‰”；"
        "请统一：按单元格所示填单位“%”，或把单元格格式改为“常规” "
        "(row 1 (sheet row 2): the value cell shows '0.14%' but the unit is '‰')"
    ]


@pytest.mark.parametrize(
    ("indicator", "value", "unit", "span"),
    [
        ("T02", "5000", "‰", "0–1000‰"),
        ("T02", "101", "%", "0–1000‰"),
        ("I14-04", "1001", "‰", "0–100%"),
        ("I14-04", "-1", "%", "0–100%"),
    ],
)
def test_shares_stay_within_their_unit(tmp_path, indicator, value, unit, span):
    # 101 % is 1010 ‰; 1001 ‰ is 100.1 %.
    path = write(tmp_path, HEADER + f"{indicator},全市,2023,{value},{unit},,src,,\n")
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert len(found) == 1 and f"超出可能的范围 {span}" in found[0]


def test_an_investment_in_yuan_is_refused_against_the_planned_figure(tmp_path, capsys):
    # P1.1.001 is planned at 3965 万元; 39,650,000 is that figure in 元, 10000 times too large.
    path = write(tmp_path, STATUS_HEADER + 'P1.1.001,在建,"39,650,000",,\nP1.1.002,在建,1500,,\n', "s.csv")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        "第1行（文件第2行）已完成投资(万元)“39,650,000”万元超过该项目估算总投资 3965 万元的 10 倍；"
        "请确认单位是万元（若填的是元，39,650,000 元 = 3965 万元）"
    ) in err
    assert "第2行（" not in err  # P1.1.002: 1500 万元 is exactly 10 × its planned 150 万元
    planned = {"P1.1.001": 3965.0}
    status = inputs.read_project_status(
        write(tmp_path, STATUS_HEADER + "P1.1.001,已建成,3965,,\n", "ok.csv"), planned, planned
    )
    assert status["invested_wan"].tolist() == [3965]


# ---------------------------------------------------------------------------------------------
# Tracebacks become messages naming the place


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x01", "U+0001"),
        ("\x07", "U+0007"),
        ("\x00", "U+0000"),
        ("\ufffe", "U+FFFE"),
        ("\x9b", "U+009B"),
        ("\U0001ffff", "U+1FFFF"),
    ],
)
def test_control_characters_are_refused_with_row_and_column(tmp_path, char, code):
    path = write(tmp_path, HEADER + f"I14-04,全市,2023,50,%,,年报{char}第3页,,\n")
    assert problems_of(lambda: inputs.read_observations(path, UNITS)) == [
        f"第1行（文件第2行）数据来源含有无法显示的控制字符 {code}（常由复制粘贴带入）；请删除后保存 "
        f"(row 1 (file line 2): source holds the control character {code})"
    ]


@pytest.fixture
def csv_default_limit() -> Iterator[None]:
    """The csv module's field size limit as `xnplan check` and `xnplan assess` have it: the module's
    default, 131072 characters. frictionless raises it for the whole process when its CSV parser is
    first imported, which a test validating a datapackage may have done earlier in this worker."""
    raised = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(raised)


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path, csv_default_limit):
    path = write(tmp_path, HEADER + f"I14-04,全市,2023,50,%,,年报,,{'备' * 200_000}\n")
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert found == [
        "文件第2行起：单元格超过 32767 个字符的上限 (file line 2: a cell longer than 32767 characters)"
    ]
    # under the csv module's own limit of 131072, over Excel's
    path = write(tmp_path, HEADER + f"I14-04,全市,2023,50,%,,年报,,{'备' * 40_000}\n")
    assert problems_of(lambda: inputs.read_observations(path, UNITS)) == [
        "第1行（文件第2行）备注有 40000 个字符，超过 32767 个字符的上限 "
        "(row 1 (file line 2): note longer than 32767 characters)"
    ]


def test_damaged_workbooks_are_named_not_raised(tmp_path):
    good = sheet_xml([LABELS, ["I14-04", "全市", 2023, 50, "%", None, "年报"]])
    cases = {
        "truncated.xlsx": (workbook_bytes({"观测值": good[:-40]}), "无法作为 Excel 工作簿读取"),
        "cut_rows.xlsx": (
            workbook_bytes({"观测值": sheet_xml([LABELS, ["I14-04"]], "A1:I2")[:-60]}),
            "工作表“观测值”已损坏，无法读取",
        ),
        "letters.xlsx": (
            workbook_bytes({"观测值": good.replace("<v>50</v>", "<v>abc</v>")}),
            "单元格 观测值!D2 已损坏，无法读取",
        ),
        "nosheets.xlsx": (workbook_bytes({}), "工作簿中没有工作表"),
        "notzip.xlsx": (b"PK\x03\x04 not really a zip", "不是完整的 .xlsx 文件"),
    }
    for name, (payload, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(payload)
        found = problems_of(lambda path=path: inputs.read_observations(path, UNITS))
        assert len(found) == 1 and found[0].startswith(message), (name, found)


# ---------------------------------------------------------------------------------------------
# Hangs and blow-ups from small files


def test_a_declared_full_sheet_is_read_in_its_real_size(tmp_path):
    # 5 KB declaring A1:XFD1048576, with an empty formatted cell in the sheet's last row (as Excel
    # keeps after a whole column was formatted): read as the two rows it holds, in 2 GiB.
    xml = sheet_xml([LABELS, ["I14-04", "全市", 2023, 50, "%", None, "年报"]], dimension="A1:XFD1048576")
    xml = xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>')
    path = tmp_path / "full.xlsx"
    path.write_bytes(workbook_bytes({"观测值": xml}))
    assert path.stat().st_size < 5000
    run = isolated(
        f"from xnplan.assess import inputs; print(inputs.read_observations({str(path)!r}, "
        f"{UNITS!r})['value'].tolist())"
    )
    assert run.returncode == 0 and run.stdout.strip() == "[50.0]", run.stderr[-500:]


def test_a_shared_string_bomb_is_refused_before_parsing(tmp_path):
    strings = [f"s{i % 10}" for i in range(120_000)]  # <si><t>…</t></si>: 480,000 elements, 18 KB packed
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook_bytes({"观测值": sheet_xml([LABELS])}, strings=strings))
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert found[0].startswith("工作簿部件 xl/sharedStrings.xml 含 480003 个 XML 元素，超过上限 300000")


def test_a_workbook_unpacking_past_the_limit_is_refused(tmp_path):
    padding = b'<?xml version="1.0"?><worksheet xmlns="x">' + b" " * (33 * 2**20) + b"</worksheet>"
    path = tmp_path / "big.xlsx"
    path.write_bytes(
        workbook_bytes({"观测值": sheet_xml([LABELS])}, extra={"xl/worksheets/sheet9.xml": padding})
    )
    assert path.stat().st_size < 100_000
    assert problems_of(lambda: inputs.read_observations(path, UNITS)) == [
        "工作簿解压后超过 32 MiB 的上限，不读取 (unpacks to more than 32 MiB; not read)"
    ]


def test_a_pipe_and_a_device_are_refused_unread(tmp_path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    run = isolated(
        f"from xnplan.assess import inputs\n"
        f"for path in ({str(fifo)!r}, {str(zero)!r}):\n"
        f"    try: inputs.read_observations(path, {{}})\n"
        f"    except Exception as exc: print(type(exc).__name__, exc.problems)\n",
        timeout=30,
    )
    refused = "不是普通文件（管道、设备等），不读取 (not a regular file: a pipe or a device; not read)"
    assert run.stdout.splitlines() == [f"InputValidationError [{refused!r}]"] * 2


def test_a_large_file_and_a_long_error_list_are_capped(tmp_path, capsys):
    big = write(tmp_path, HEADER + "I99-01,全市,2023,1,%,,src,,\n" * 200_000)  # 6 MB
    assert problems_of(lambda: inputs.read_observations(big, UNITS)) == [
        "文件超过 4 MiB 的上限，不读取；填好的模板通常不到 100 KB (larger than 4 MiB; not read)"
    ]
    bad = write(tmp_path, HEADER + "I99-01,全市,2023,1,%,,src,,\n" * 3000)  # 3000 unknown ids
    found = problems_of(lambda: inputs.read_observations(bad, UNITS))
    assert len(found) == 51
    assert found[-1] == "……共3000个问题，以上只列出前50个 (3000 problems in all; the first 50 are listed)"
    assert main(["check", str(bad)]) == 1
    assert len(capsys.readouterr().err) < 20_000


# ---------------------------------------------------------------------------------------------
# Terminal injection


def test_an_input_never_reaches_the_terminal_raw(tmp_path, capsys):
    fake = "\x1b[2J\x1b[H\x1b[32m无问题\x1b[0m"
    path = write(tmp_path, HEADER.rstrip("\n") + f",{fake}\nI14-04,全市,2023,50,%,,src,,,\n", "evil.csv")
    assert main(["check", str(path)]) == 1
    assert "\x1b" not in capsys.readouterr().err
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert "表头有无法识别的列：“\\x1b[2J\\x1b[H\\x1b[32m无问题\\x1b[0m”" in found[1]
    assert not any("\x1b" in problem for problem in found)


# ---------------------------------------------------------------------------------------------
# False refusals and misleading messages


def test_a_numeric_cell_is_a_number_already(xlsx):
    # =100/3 stores 33.333333333333336 (17 significant digits); 0.00001 is stored as 1e-05.
    rows = [
        LABELS,
        ["I14-04", "全市", 2023, X(33.333333333333336, formula="100/3"), "%", None, "年报"],
        ["I13-01", "全市", 2023, X(0.00001), "元/月", None, "年报"],
    ]
    obs = inputs.read_observations(xlsx({"观测值": rows}), UNITS)
    assert obs["value"].tolist() == [100 / 3, 0.00001]


def test_check_reads_every_template_sheet_of_a_workbook(xlsx, capsys):
    status = [
        [inputs.COLUMN_LABELS[c] for c in inputs.STATUS_COLUMNS],
        ["P1.1.001", "完工了", None, None, None],
    ]
    observations = [LABELS, ["I14-04", "全市", 2023, 50, "%", None, "年报"]]
    both = xlsx({"观测值": observations, "项目进展": status})
    assert main(["check", str(both)]) == 1
    err = capsys.readouterr().err
    assert "工作表“项目进展”：第1行（项目进展!B2）实施状态“完工了”应为未开工、在建、已建成、已取消之一" in err
    status[1][1] = "已建成"
    assert main(["check", str(xlsx({"观测值": observations, "项目进展": status}, name="ok.xlsx"))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("：", 1)[1].split("）")[0] for line in out] == [
        "观测值（Excel 工作表“观测值”",
        "项目进展（Excel 工作表“项目进展”",
    ]


def test_check_and_assess_refuse_the_same_names(tmp_path, capsys):
    text = HEADER + "I14-04,全市,2023,50,%,,src,,\n"
    txt = write(tmp_path, text, "obs.txt")
    assert main(["check", str(txt)]) == 1
    refusal = "不是 CSV 或 .xlsx 文件（扩展名“.txt”），不读取；若内容是逗号分隔的表格，请把扩展名改为 .csv"
    assert refusal in capsys.readouterr().err
    refused = problems_of(lambda: inputs.read_observations(txt, UNITS))
    with pytest.raises(InputValidationError) as notebook:
        gapreport.resolve_input(txt)
    assert notebook.value.problems == refused == [inputs.name_problem(txt)]
    assert len(inputs.read_observations(write(tmp_path, text, "obs.CSV"), UNITS)) == 1


def test_a_template_is_written_as_xlsx_or_csv_only(tmp_path, capsys):
    assert main(["template", "observations", "--year", "2023", "--out", str(tmp_path / "t.xls")]) == 1
    assert "模板只能写成 .xlsx 或 .csv 文件（扩展名“.xls”）" in capsys.readouterr().err
    assert not (tmp_path / "t.xls").exists()


def test_a_password_protected_workbook_is_named_as_such(tmp_path):
    # encrypted_observations.xlsx: an observations workbook encrypted by msoffcrypto-tool, password xnplan
    assert problems_of(lambda: inputs.read_observations(ENCRYPTED, UNITS)) == [
        "工作簿设有打开密码（加密的 OLE 复合文件），无法读取；请在 Excel 或 WPS 中取消密码后保存，再重试 "
        "(the workbook is password-protected; remove the password and save it again)"
    ]


def test_messages_are_chinese_first_with_row_column_and_value(tmp_path):
    path = write(tmp_path, HEADER + "I14-04,全市,二〇二三,50,%,,src,,\nI14-05,全市,2023,五十,%,,src,,\n")
    found = problems_of(lambda: inputs.read_observations(path, UNITS))
    assert found == [
        "第1行（文件第2行）年份“二〇二三”应为2020–2025年之间的整年 "
        "(row 1 (file line 2): year '二〇二三' must be a whole year from 2020 to 2025)",
        "第2行（文件第3行）数值“五十”不是数字；只填阿拉伯数字和小数点，单位写在“单位”列 "
        "(row 2 (file line 3): value '五十' is not a number; write digits and a decimal point only, "
        "the unit in its own column)",
    ]


def test_the_template_help_speaks_to_a_spreadsheet_user(tmp_path):
    for lines in (templates.OBSERVATION_HELP, templates.STATUS_HELP):
        text = "".join(lines)
        assert "xnplan" not in text and "--" not in text and "运行" not in text
        assert "会被退回" in text and "不要设置打开密码" in text
    out = tmp_path / "o.xlsx"
    assert main(["template", "observations", "--year", "2023", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        assert all(b"xnplan" not in book.read(n) for n in book.namelist() if n.endswith(".xml"))
