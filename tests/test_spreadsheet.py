"""xnplan.spreadsheet: the one xlsx and CSV writer, read back with openpyxl and pandas."""

from __future__ import annotations

import io
import math
from datetime import datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xnplan.errors import SheetError
from xnplan.spreadsheet import (
    MAX_WIDTH,
    Choices,
    Column,
    Sheet,
    column_width,
    csv_bytes,
    csv_raw,
    csv_safe,
    decimals_needed,
    display_width,
    format_text,
    resolve,
    workbook_bytes,
)


def _book(*sheets: Sheet, **kwargs) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(list(sheets), **kwargs)))


def counties() -> pd.DataFrame:
    # Hand-made: two counties, one line without a county; a negative difference and a missing share.
    return pd.DataFrame(
        {
            "county": ["通山县", "崇阳县", None],
            "investment_wan": [20000.5, -92.5, np.nan],
            "share_pct": [80.0, -0.4, None],
            "lines": [3, 1, 12345],
            "source_line": [993, 1001, 3537],
            "ratio": [0.25, 1.5, 2.0],
            "responsible": ["", "市民政局", None],
        }
    )


COUNTY_COLUMNS = {
    "county": Column("县市区"),
    "investment_wan": Column("估算总投资(万元)"),
    "share_pct": Column("占全市比重(%)"),
    "lines": Column("明细行数(行)"),
    "source_line": Column("原文行号"),
    "ratio": Column("进度比R", "decimal", 2),
    "responsible": Column("责任单位", editable=True, description="填表人填写"),
}


def county_sheet(**kwargs) -> Sheet:
    return Sheet("表1", counties(), COUNTY_COLUMNS, title="表1　各县市区项目", **kwargs)


# --- numbers, empty cells, text ------------------------------------------------------------------


def test_numbers_are_number_cells_with_their_format_negative_ones_too():
    sheet = _book(county_sheet())["表1"]
    assert [c.value for c in sheet[1]] == [
        "县市区",
        "估算总投资(万元)",
        "占全市比重(%)",
        "明细行数(行)",
        "原文行号",
        "进度比R",
        "责任单位",
    ]
    row2, row3 = sheet[2], sheet[3]
    # (value, type, format) by the header's unit: 万元 → money, % → percent (the number itself, one
    # decimal because -0.4 needs one), (行) → count with separators, no unit → plain integer.
    assert [(c.value, c.data_type, c.number_format) for c in row3[1:6]] == [
        (-92.5, "n", "#,##0.00"),
        (-0.4, "n", "0.0"),
        (1, "n", "#,##0"),
        (1001, "n", "0"),
        (1.5, "n", "0.00"),
    ]
    assert [(c.value, c.data_type) for c in row2[1:6]] == [
        (20000.5, "n"),
        (80, "n"),
        (3, "n"),
        (993, "n"),
        (0.25, "n"),
    ]
    frame = pd.read_excel(io.BytesIO(workbook_bytes([county_sheet()])))
    assert frame["估算总投资(万元)"].tolist()[:2] == [20000.5, -92.5]
    assert frame["明细行数(行)"].sum() == 3 + 1 + 12345


def test_an_empty_value_is_an_empty_cell():
    frame = pd.DataFrame(
        {
            "a": [None, "x"],
            "b": [np.nan, 1.0],
            "c": pd.array([pd.NA, 2], dtype="Int64"),
            "d": [pd.NaT, pd.Timestamp("2023-06-30")],
            "e": ["", "y"],
        }
    )
    sheet = _book(Sheet("s", frame))["s"]
    assert [c.value for c in sheet[2]] == [None] * 5
    assert sheet["D3"].value == datetime(2023, 6, 30) and sheet["D3"].number_format == "yyyy-mm-dd"
    # An empty cell of a text column is formatted as text, so what a reader types stays text.
    assert sheet["A2"].number_format == "@" and sheet["B2"].number_format == "0"


def test_formula_like_text_is_a_string_cell_holding_the_raw_text():
    link = '=HYPERLINK("http://evil.example","点击")'
    frame = pd.DataFrame({"name": [link, "@SUM(1+1)", "-92.5", "=", "'=1", "咸安区"]})
    sheet = _book(Sheet("s", frame))["s"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert [c.value for c in cells] == [link, "@SUM(1+1)", "-92.5", "=", "'=1", "咸安区"]
    assert all(c.data_type == "s" for c in cells)  # never "f": nothing is run
    # Excel's quote prefix where typing the text would run it; a signed number or a lone = is no formula.
    assert [c.quotePrefix for c in cells] == [True, True, False, False, True, False]
    assert pd.read_excel(io.BytesIO(workbook_bytes([Sheet("s", frame)])))["name"][0] == link


def test_numbers_in_a_text_column_and_text_in_a_number_column_keep_their_type():
    # What the assessment's tables hold: 无数据 beside figures in a value column.
    frame = pd.DataFrame({"v": [12.5, "无数据", None]})
    sheet = _book(Sheet("s", frame, {"v": Column("观测值(%)", "percent", 1)}))["s"]
    assert [(c.value, c.data_type, c.number_format) for c in (sheet["A2"], sheet["A3"])] == [
        (12.5, "n", "0.0"),
        ("无数据", "s", "@"),
    ]
    mixed = _book(Sheet("s", pd.DataFrame({"v": [7, "无数据"]})))["s"]  # auto: mixed values are text
    assert (mixed["A2"].value, mixed["A2"].data_type, mixed["A2"].number_format) == (7, "n", "General")


# --- what a cell cannot hold -----------------------------------------------------------------------


def test_control_characters_are_removed_and_said_in_the_notes_sheet():
    frame = pd.DataFrame({"t": ["a\x00b\x0bc", "tab\tnew\nline\rcr", "x\ufffe"], "n": [1, 2, 10**17]})
    book = _book(Sheet("s", frame))
    assert [c.value for c in book["s"]["A"][1:]] == ["abc", "tab\tnew\nline\rcr", "x"]
    # An integer beyond Excel's 15 digits keeps its digits as text.
    assert (book["s"]["B4"].value, book["s"]["B4"].data_type) == ("100000000000000000", "s")
    notes = [row[4] for row in book["说明"].iter_rows(min_row=2, values_only=True)]
    assert "注：2 个单元格含有 xlsx 无法保存的控制字符，已删除这些字符" in notes
    assert "注：1 个超过 15 位的整数（超出 Excel 的精度）按文本保存，数字不变" in notes


def test_text_beyond_excels_limit_is_cut_and_said():
    book = _book(Sheet("s", pd.DataFrame({"t": ["字" * 40_000]})))
    assert len(book["s"]["A2"].value) == 32_767
    assert "注：1 个单元格超过 Excel 的上限 32,767 个字符，已截断" in [
        row[4] for row in book["说明"].iter_rows(values_only=True)
    ]


def test_a_number_beyond_excels_range_is_stored_as_its_text_and_said():
    frame = pd.DataFrame({"v": [math.inf, -1e308, 5e-324, 1.5, 0.0]})
    book = _book(Sheet("s", frame))
    assert [(c.value, c.data_type) for c in book["s"]["A"][1:]] == [
        ("inf", "s"),
        ("-1e+308", "s"),
        ("5e-324", "s"),
        (1.5, "n"),
        (0, "n"),
    ]
    assert (
        "注：3 个数值超出 Excel 能保存的范围（绝对值 2.2251E-308 至 9.99999999999999E+307）或为无穷大，"
        "按文本保存"
    ) in [row[4] for row in book["说明"].iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "why"),
    [([1, 2], "list 类型的值不能写入单元格"), (pd.Timestamp("2023-01-01", tz="Asia/Shanghai"), "带时区")],
)
def test_a_value_no_cell_can_hold_is_refused_naming_the_cell(value, why):
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1.0, 2.0]}, dtype=object)
    frame.at[1, "b"] = value
    with pytest.raises(SheetError, match=f"工作表“表1”第 3 行、“差额”列：.*{why}"):
        workbook_bytes([Sheet("表1", frame, {"b": Column("差额")})])


# --- widths --------------------------------------------------------------------------------------


def test_width_rule_worked_by_hand():
    widths = _book(county_sheet())["表1"].column_dimensions
    # 估算总投资(万元): 7 CJK characters × 2 + 2 brackets = 16, + 2 (bold header, filter button) = 18;
    # the widest cell "20,000.50" is 9. Width = 18 + 2 padding = 20.
    assert display_width("估算总投资(万元)") == 16 and widths["B"].width == 20
    # 县市区: 6 + 2 = 8 against 通山县 = 6; + 2 = 10.
    assert widths["A"].width == 10
    # 原文行号 (8 + 2 = 10) against "3537" (4): 12. 明细行数(行): 10 + 2 + 2 = 14 + 2 = 16 ("12,345" is 6).
    assert (widths["E"].width, widths["D"].width) == (12, 16)


def test_width_rule_for_an_ascii_column_the_minimum_and_the_cap():
    # "id" (2 + 2 = 4) against "P1.1.001" (8): 8 + 2 = 10.
    assert column_width("id", ["P1.1.001", "P1.1.002"]) == 10
    assert column_width("x", ["a"]) == 8  # 1 + 2 + 2 = 5, raised to the minimum 8
    assert column_width("x", ["多行\n文本的最长一行"]) == 16  # the longest line: 7 × 2 = 14, + 2
    assert column_width("x", ["字" * 100]) == MAX_WIDTH


def test_text_wraps_and_its_row_is_as_tall_as_its_lines():
    frame = pd.DataFrame({"short": ["a", "第一行\n第二行"], "long": ["说明" * 40, "b"]})
    sheet = _book(Sheet("s", frame))["s"]
    assert sheet.column_dimensions["B"].width == MAX_WIDTH
    assert sheet["B2"].alignment.wrap_text and sheet["A3"].alignment.wrap_text
    # Row 2: 80 CJK characters = 160 units in a 60-wide column holding 58: ceil(160 / 58) = 3 lines of
    # 15 points. Row 3: two lines. The header row: one line, Excel's default height.
    assert (sheet.row_dimensions[2].height, sheet.row_dimensions[3].height) == (45, 30)
    assert sheet.row_dimensions[1].height is None


# --- layout, print, editable -----------------------------------------------------------------------


def test_frozen_panes_print_titles_a4_landscape_fit_to_width():
    sheet = _book(county_sheet(frozen_columns=1))["表1"]
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) == 9  # 9: A4 in OOXML's list
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddHeader.center.text == "表1　各县市区项目"
    assert sheet.auto_filter.ref == "A1:G4"
    portrait = _book(Sheet("s", counties(), landscape=False))["s"]
    assert portrait.page_setup.orientation == "portrait" and portrait.freeze_panes == "A2"


def test_header_is_bold_on_a_fill_with_thin_borders():
    sheet = _book(county_sheet())["表1"]
    header = sheet["A1"]
    assert header.font.bold and header.fill.fgColor.rgb == "00DDEBF7"
    assert {sheet["C3"].border.left.style, sheet["C3"].border.bottom.style} == {"thin"}


def test_editable_columns_are_unlocked_on_a_yellow_fill():
    sheet = _book(county_sheet())["表1"]
    responsible, county = sheet["G2"], sheet["A2"]
    assert responsible.fill.fgColor.rgb == "00FFF2CC" and not responsible.protection.locked
    assert sheet["G1"].fill.fgColor.rgb == "00FFE699"
    assert county.fill.fill_type is None and county.protection.locked


def test_drop_down_lists_live_in_a_hidden_protected_sheet_after_the_first_sheet_with_lists():
    # Hand-made: a sheet of 3 rows whose column b chooses from 2 values (strict) and c from 1 (a
    # suggestion), 5 blank rows below; a read-only sheet after it. The lists reach rows 2..1+3+5 = 9.
    frame = pd.DataFrame({"a": ["x", "y", "z"], "b": ["甲", None, None], "c": [None, None, None]})
    fill = Sheet(
        "填写",
        frame,
        {"b": Column("类别"), "c": Column("单位", kind="general", editable=True)},
        choices={"b": Choices(("甲", "乙")), "c": Choices(("%",), strict=False)},
        blank_rows=5,
    )
    book = _book(fill, Sheet("参考", pd.DataFrame({"d": [1]}), protected=True))
    assert book.sheetnames == ["填写", "选项", "参考", "说明"]
    options = book["选项"]
    assert options.sheet_state == "hidden" and options.protection.sheet
    assert list(options.iter_rows(values_only=True)) == [("类别", "单位"), ("甲", "%"), ("乙", None)]
    lists = {str(v.sqref): (v.formula1, v.errorStyle) for v in book["填写"].data_validations.dataValidation}
    assert lists == {"B2:B9": ("'选项'!$A$2:$A$3", "stop"), "C2:C9": ("'选项'!$B$2:$B$2", "warning")}
    assert book["参考"].protection.sheet and not book["填写"].protection.sheet
    # A general column is in Excel's General format: what is typed into it is read as Excel reads it.
    assert book["填写"]["C2"].number_format == "General"
    assert format_text(resolve(Column("单位", kind="general"), frame["c"])) == "常规（数字、文本或公式）"


def test_a_sheet_of_prose_starts_in_row_1_and_a_workbook_may_go_without_notes():
    lines = pd.DataFrame({"说明": ["第一条", "第二条"]})
    book = _book(Sheet("填写说明", lines, header_row=False), notes_sheet=False)
    assert book.sheetnames == ["填写说明"]
    sheet = book["填写说明"]
    assert list(sheet.iter_rows(values_only=True)) == [("第一条",), ("第二条",)]
    # no header row to freeze, filter or print on every page
    assert sheet.freeze_panes is None and sheet.auto_filter.ref is None and sheet.print_title_rows is None


def test_a_reference_column_has_a_grey_header():
    book = _book(Sheet("s", pd.DataFrame({"a": [1], "b": [2]}), {"b": Column("(参考)b", reference=True)}))
    assert book["s"]["A1"].fill.fgColor.rgb == "00DDEBF7" and book["s"]["B1"].fill.fgColor.rgb == "00DDDDDD"


def test_the_notes_sheet_holds_titles_notes_and_column_meanings():
    book = _book(
        county_sheet(notes=("资料来源：[1] 规划", "注：市本级不计入。")),
        title="十四五规划 数据表",
        notes=("来源：咸宁市民政局",),
    )
    assert book.sheetnames == ["表1", "说明"]
    rows = list(book["说明"].iter_rows(values_only=True))
    assert rows[0] == ("工作表", "列", "列名", "格式", "说明")
    assert [row[0] for row in rows[1:7]] == [None, None, "表1", "表1", "表1", "表1"]
    assert [row[1:4] for row in rows[1:7]] == [(None, None, None)] * 6
    assert [row[4] for row in rows[1:7]] == [
        "十四五规划 数据表",
        "来源：咸宁市民政局",
        "表1　各县市区项目",
        "资料来源：[1] 规划",
        "注：市本级不计入。",
        "共 3 行数据（不含第 1 行列名）",
    ]
    assert rows[7:] == [
        ("表1", "A", "县市区", "文本", None),
        ("表1", "B", "估算总投资(万元)", "金额，如 1,234.50", None),
        ("表1", "C", "占全市比重(%)", "百分数，如 80.0 表示 80.0%", None),
        ("表1", "D", "明细行数(行)", "数量，如 1,628", None),
        ("表1", "E", "原文行号", "整数，如 2025", None),
        ("表1", "F", "进度比R", "数值，如 1234.50", None),
        ("表1", "G", "责任单位", "文本；由填表人填写（黄色底纹）", "填表人填写"),
    ]


def test_same_sheets_give_the_same_bytes():
    assert workbook_bytes([county_sheet()]) == workbook_bytes([county_sheet()])


# --- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "values", "kind", "decimals"),
    [
        ("估算总投资(万元)", [1.5, 2.0], "money", 2),
        ("人均投资(元/人)", [100.0], "money", 2),
        ("占全市比重(%)", [12.25, 3.0], "percent", 2),
        ("设施数(个)", [61, 1], "count", None),
        ("原文行号", [993], "integer", None),
        ("2020年实际值", [102.5, 3.0], "decimal", 1),
        ("项目名称", ["x", None], "text", None),
        ("是否成立", [True, False], "boolean", None),
        ("日期", [pd.Timestamp("2023-06-30")], "date", None),
    ],
)
def test_auto_kind_by_the_headers_unit_and_the_values(header, values, kind, decimals):
    resolved = resolve(Column(header), pd.Series(values))
    assert (resolved.kind, resolved.decimals) == (kind, decimals)


@pytest.mark.parametrize(
    ("values", "needed"),
    [
        ([20000.5, 5000.0], 1),
        ([102.5641], 2),
        ([3965.0], 0),
        ([0.1 + 0.2], 1),
        ([1e-9], 2),
        ([1e20], 0),
        ([np.nan, None, "无数据"], 0),
    ],
)
def test_decimals_needed(values, needed):
    assert decimals_needed(values) == needed


def test_format_text_says_the_format_by_example():
    assert format_text(Column("x", "money", 1)) == "金额，如 1,234.5"
    assert format_text(Column("x", "date")) == "日期，如 2023-06-30"


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("a/b", "含有不可用的字符 /"),
        ("表[1]", r"含有不可用的字符 \[\]"),
        ("x" * 32, "超过 31 个字符，现有 32 个"),
        ("", "名称为空"),
        ("'表", "不能以 ' 开头或结尾"),
        ("history", "History 是 Excel 保留的名称"),
    ],
)
def test_a_bad_sheet_name_is_refused_with_a_clear_error(name, why):
    with pytest.raises(SheetError, match=f"工作表名称“.*”不可用：{why}"):
        Sheet(name, pd.DataFrame())


def test_repeated_or_reserved_sheet_names_and_repeated_headers_are_refused():
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(SheetError, match="工作表名称重复"):
        workbook_bytes([Sheet("表1", frame), Sheet("表1", frame)])
    with pytest.raises(SheetError, match="保留的“说明”"):
        workbook_bytes([Sheet("说明", frame)])
    workbook_bytes([Sheet("说明", frame)], notes_sheet=False)  # no 说明 sheet of its own: the name is free
    with pytest.raises(SheetError, match="保留的“选项”"):
        workbook_bytes([Sheet("选项", frame, choices={"a": Choices(("1",))})], notes_sheet=False)
    with pytest.raises(SheetError, match=r"下拉列表 \['a'\] 为空"):
        Sheet("s", frame, choices={"a": Choices(())})
    with pytest.raises(SheetError, match="不在数据中"):
        Sheet("s", frame, choices={"missing": Choices(("1",))})
    with pytest.raises(SheetError, match="列名 说明 重复"):
        workbook_bytes(
            [Sheet("s", pd.DataFrame({"a": [1], "b": [2]}), {"a": Column("说明"), "b": Column("说明")})]
        )
    with pytest.raises(SheetError, match="不在数据中"):
        Sheet("s", frame, {"missing": Column("x")})
    with pytest.raises(SheetError, match="类型 'money2' 不可用"):
        Column("x", "money2")


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_bytes_worked_by_hand():
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("x")', "-92.5", "a,b"], "wan": [884933.6599999999, -5.0, None], "n": [1, 2, 3]}
    )
    # BOM; CRLF; the formula behind ' with its quotes doubled; a signed number and a comma as they are
    # (the comma quoted); 15 significant digits; an integral float without .0; missing: empty.
    assert csv_bytes(frame) == (
        '\ufeffname,wan,n\r\n"\'=HYPERLINK(""x"")",884933.66,1\r\n-92.5,-5,2\r\n"a,b",,3\r\n'
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ('=HYPERLINK("http://x","点击")', '\'=HYPERLINK("http://x","点击")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("'=1", "''=1"),  # already quoted by hand: one more, so removing one gives it back
        ("=", "="),  # the targets table's comparator: one character cannot be a formula
        ("-92.5", "-92.5"),  # a signed number is read as the number, never run
        ("+5%", "+5%"),
        ("咸安区=1", "咸安区=1"),
        ("'text", "'text"),
    ],
)
def test_csv_safe(raw, written):
    assert csv_safe(raw) == written
    assert csv_raw(written) == raw


# --- properties ------------------------------------------------------------------------------------


# Characters XML 1.0 allows (tab, LF, CR and the rest above U+001F but surrogates, U+FFFE, U+FFFF).
def _xml_allowed(ch: str) -> bool:
    code = ord(ch)
    return ch in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


HOSTILE = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x0b",
        "\x1f",
        "\r",
        "\t",
        "\n",
        "\ufffe",
        "\uffff",
        "\ud800",
        "=",
        "'",
        "-",
        "@",
        "+",
        "咸",
        " ",
    ]
)
TEXT = st.text(alphabet=st.one_of(st.characters(), HOSTILE), max_size=12)
CELLS = {
    "text": st.one_of(st.none(), TEXT, st.sampled_from(['=HYPERLINK("x","y")', "-92.5", "="])),
    "float": st.one_of(st.none(), st.floats()),
    "int": st.one_of(st.none(), st.integers(min_value=-(10**18), max_value=10**18)),
}


@st.composite
def frames(draw) -> pd.DataFrame:
    kinds = draw(st.lists(st.sampled_from(sorted(CELLS)), min_size=1, max_size=4))
    rows = draw(st.integers(min_value=0, max_value=6))
    return pd.DataFrame(
        {
            f"c{i}": pd.Series([draw(CELLS[kind]) for _ in range(rows)], dtype=object)
            for i, kind in enumerate(kinds)
        }
    )


def _expected(value: object) -> object:
    """What the cell holds, derived from the rules of the module docstring, not its code."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return "".join(ch for ch in value if _xml_allowed(ch)) or None
    if isinstance(value, int) and abs(value) >= 10**15:
        return str(value)
    excel_range = 2.2250738585072014e-308 <= abs(value) <= 9.99999999999999e307  # inf is outside
    if isinstance(value, float) and value != 0 and not excel_range:
        return repr(value)
    return value


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_any_frame_round_trips_through_the_workbook(frame):
    sheet = _book(Sheet("s", frame))["s"]
    assert [c.value for c in sheet[1]] == list(frame.columns)
    for r, record in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(record, start=1):
            cell, expected = sheet.cell(row=r, column=c), _expected(value)
            if isinstance(expected, float):  # openpyxl writes 16 significant digits
                assert cell.data_type == "n" and cell.value == pytest.approx(expected, rel=1e-15, abs=0)
            else:
                assert cell.value == expected
                assert cell.data_type == ("s" if isinstance(expected, str) else "n")


@given(st.text(alphabet=st.one_of(st.characters(), HOSTILE)))
def test_the_raw_text_is_always_one_step_back_from_the_csv_cell(text):
    assert csv_raw(csv_safe(text)) == text
