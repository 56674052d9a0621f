"""Prose against the project library (xnplan.check.prose_library), against figures read off the raw text.

What the text says (line numbers of data/raw/xianning_civil_affairs_14th_fyp_draft.txt):
- 795: 「…等9大类型重大项目共1628个,计划总投资88.49亿元」. 附件1 lists 9 categories (lines 825, 871,
  877, 899, 905, 911, 941, 947, 953), its 合计 row prints 1628 and 884933.66 (lines 821, 823); 附件2
  has 331 lines holding 1641 facilities, adding up to 884933.66万元.
- 755 (专栏12): 「新建、改扩建殡仪馆3-4所」. 大类5 (lines 3157-3261) names a 殡仪馆 in six lines: 咸安区
  twice (3165 改扩建工程(一期), 3175 火化设备环保改造), 赤壁市 3185 提档升级, 通山县 3195, 通城县 3205 (no
  verb), 崇阳县 3255 改造; 嘉鱼县 none. Five funeral homes.
- 755: 「规划建设城乡公益性公墓198个」. 城市公益性公墓 lines 3277-3317: 5; 农村公益性公墓 lines 3333-3513:
  19 lines of 10+60+7+187+12+1+50+1+2+2+2+1×8 = 342; 骨灰堂 lines 3529-3559: 4 (not cemeteries).
- 755: 「覆盖所有县(市、区)」: city cemeteries in 赤壁市 3277, 咸安区 3287, 嘉鱼县 3297, 通山县 3307,
  崇阳县 3317; 通城县 has none but 通城县公益性骨灰堂 (3539), and line 751 counts 骨灰堂.
- 679 (专栏9): a county-level care facility in each county; 小类1.3 (lines 2039-2103) has 赤壁市 ×4,
  嘉鱼县 (2087), 崇阳县 (2097).
- Named facilities: 专栏2 (573) and line 571 → 咸宁市儿童福利院、未保中心项目 (2887); 专栏8 (669) →
  咸宁市居家社区养老服务指导中心项目 (2113, 咸安区茶花路); 专栏10 (703) → 咸宁市失智老年人养护院项目
  (3605); 专栏4 (607) → 咸宁市智慧社区信息服务系统 (3631); 专栏9's 市社会福利中心改造项目 (681) has no line.
"""

from __future__ import annotations

import pandas as pd
import pytest

from xnplan import PlanParseError, curated
from xnplan.check.prose_library import prose_library_checks
from xnplan.check.rows import Check
from xnplan.errors import CuratedFileError
from xnplan.parse.links import project_links
from xnplan.parse.narrative import parse_narrative
from xnplan.parse.projects import parse_projects
from xnplan.parse.source import Source
from xnplan.paths import DEFAULT_RAW_TEXT, RAW_DIR

RAW_TEXT = DEFAULT_RAW_TEXT.read_text(encoding="utf-8")
FIELDS = ["check_id", "level", "compares", "kind", "item", "stated_source", "stated", "computed"]
FIELDS += ["difference", "unit", "status", "source_line"]

# The checks of the prose's own figures, named after what they compare; the others are curated links.
FIGURES = {
    "major-projects-categories",
    "major-projects-count",
    "major-projects-total",
    "box9-county-care",
    "box12-funeral-homes",
    "box12-cemeteries",
    "box12-county-coverage",
}
# check_id (without narr-library-) → stated, computed, status, prose line
EXPECTED = {
    "l571-city-minor-protection": (1, 1, "ok", 571),
    "box2-city-child-welfare-home": (1, 1, "ok", 573),
    "l579-city-mental-rehab": (1, 1, "ambiguous", 579),
    "box4-smart-community-platform": (1, 1, "ok", 607),
    "box7-place-name-system": (1, 0, "ambiguous", 645),
    "box8-home-care-guidance-centre": (1, 1, "ok", 669),
    "box9-county-care": (6, 3, "ambiguous", 679),
    "box9-city-welfare-centre": (1, 0, "mismatch", 681),
    "l685-city-emergency-centre": (1, 0, "ambiguous", 685),
    "box10-dementia-home": (1, 1, "ok", 703),
    "box12-funeral-homes": (4, 5, "ambiguous", 755),
    "box12-cemeteries": (198, 347, "mismatch", 755),
    "box12-county-coverage": (6, 6, "ok", 755),
    "major-projects-categories": (9, 9, "ok", 795),
    "major-projects-count": (1628, 1641, "ambiguous", 795),
    "major-projects-total": (884900, 884933.66, "ok", 795),
}


def framed(checks: list[Check]) -> pd.DataFrame:
    """The checks as rows with the reconciliation's columns these tests read (explanations by line)."""
    return pd.DataFrame(
        [
            {
                **{name: getattr(c, name) for name in FIELDS},
                "explanation": c.explanation(),
                "evidence_lines": list(c.evidence_lines),
            }
            for c in checks
        ]
    )


def _checks(text: str):
    source = Source.from_text(text)
    projects, categories = parse_projects(source)
    outline, _, _ = parse_narrative(source)
    return framed(prose_library_checks(source, projects, categories, outline))


@pytest.fixture(scope="module")
def parsed():
    source = Source.read(DEFAULT_RAW_TEXT)
    projects, categories = parse_projects(source)
    outline, _, _ = parse_narrative(source)
    checks = framed(prose_library_checks(source, projects, categories, outline))
    return {"source": source, "projects": projects, "checks": checks.set_index("check_id")}


def _row(parsed, check_id: str):
    return parsed["checks"].loc[f"narr-library-{check_id}"]


def test_every_check_with_its_figures_and_status(parsed):
    checks = parsed["checks"]
    assert set(checks.index) == {f"narr-library-{c}" for c in EXPECTED}
    assert set(checks["level"]) == {"narrative"} and set(checks["compares"]) == {"prose-library"}
    assert set(checks["kind"]) == {"prose_library"}
    for check_id, (stated, computed, status, line) in EXPECTED.items():
        row = _row(parsed, check_id)
        assert (row["stated"], row["computed"], row["status"], row["source_line"]) == pytest.approx(
            (stated, computed, status, line)
        ), check_id
    # in the order of the prose, each figure's place named: a 专栏 box or the running text
    assert list(checks["source_line"]) == sorted(checks["source_line"])
    assert _row(parsed, "box12-cemeteries")["stated_source"] == "专栏12"
    assert _row(parsed, "box7-place-name-system")["stated_source"] == "专栏7"
    assert _row(parsed, "major-projects-total")["stated_source"] == "正文"
    assert _row(parsed, "l685-city-emergency-centre")["stated_source"] == "正文"
    # The unit of the figures compared: 88.49亿元 is compared in 万元, 殡仪馆 in 所 (line 755); a named
    # facility found or not is no amount.
    assert [
        _row(parsed, c)["unit"]
        for c in (
            "major-projects-total",
            "box12-funeral-homes",
            "box12-cemeteries",
            "box9-city-welfare-centre",
        )
    ] == ["万元", "所", "个", ""]


def test_summary_sentence_explanations(parsed):
    count = _row(parsed, "major-projects-count")["explanation"]
    # the prose repeats the printed 合计 rows (附件1 from line 819, 附件2 from line 975), not the rows
    for part in ("1628个", "331行", "1641个设施", "第819行起", "第975行起", "少13个", "G-S-count"):
        assert part in count
    total = _row(parsed, "major-projects-total")
    assert total["difference"] == pytest.approx(-33.66)
    for part in ("88.49亿元", "884850万元至884950万元", "884933.66万元", "884933万元", "910243.66万元"):
        assert part in total["explanation"]
    categories = _row(parsed, "major-projects-categories")["explanation"]
    assert "大类1「公办养老机构服务能力提升项目」" in categories
    assert "大类4「流浪乞讨人员救助管理站新建与升改造项目」" in categories


def test_funeral_homes_counted_by_home_not_line(parsed):
    row = _row(parsed, "box12-funeral-homes")
    text = row["explanation"]
    assert "6行，涉及5所殡仪馆" in text
    assert "咸安区殡仪馆的2行是同一所殡仪馆，计为1所" in text
    assert "为1至3所" in text and "为5所" in text  # strict reading 1-3, broad reading 5
    assert "嘉鱼县没有殡仪馆明细行" in text
    assert "P6.3.001" in text  # the 殡仪馆's columbarium in 大类6 is not a funeral-home project
    assert row["evidence_lines"] == [3163, 3173, 3183, 3193, 3203, 3253]


def test_cemeteries_leave_columbaria_out(parsed):
    text = _row(parsed, "box12-cemeteries")["explanation"]
    for part in (
        "5行5个",
        "19行342个",
        "合计347个公墓",
        "4个骨灰堂没有计入",
        "计入则为351个",
        "少149个",
        "（24行）",
        "（228个）",
        "原因不明",
    ):
        assert part in text
    coverage = _row(parsed, "box12-county-coverage")
    assert "P6.3.002「通城县公益性骨灰堂」" in coverage["explanation"]
    assert coverage["evidence_lines"] == [751, 3275, 3285, 3295, 3305, 3315, 3537]


def test_county_care_names_the_counties(parsed):
    text = _row(parsed, "box9-county-care")["explanation"]
    assert "赤壁市（4行）、嘉鱼县（1行）、崇阳县（1行）" in text
    assert "咸安区、通山县、通城县在这个小类中没有明细行" in text


def test_links_name_the_project_line(parsed):
    assert _row(parsed, "box8-home-care-guidance-centre")["evidence_lines"] == [2111]
    assert (
        "P1.4.001「咸宁市居家社区养老服务指导中心项目」（第2111行"
        in _row(parsed, "box8-home-care-guidance-centre")["explanation"]
    )
    assert _row(parsed, "box9-city-welfare-centre")["evidence_lines"] == []
    assert _row(parsed, "box10-dementia-home")["explanation"].startswith("专栏10（第703行）")
    item = _row(parsed, "l571-city-minor-protection")["item"]
    assert item == "正文「设立市级未成年人保护机构」:项目库明细行"


def test_every_curated_link_resolves(parsed):
    # The line each phrase stands on, read off the raw text: 571, 573, 579, 607, 645, 669, 681, 685, 703.
    source = parsed["source"]
    outline, _, _ = parse_narrative(source)
    links = project_links(source, outline, set(parsed["projects"]["project_id"]))
    assert {link["link_id"]: link["source_line"] for link in links} == {
        c: line for c, (_, _, _, line) in EXPECTED.items() if c not in FIGURES
    }


def _links_file(folder, rows):
    path = folder / curated.PROSE_PROJECT_LINKS.name
    header = ",".join(curated.PROSE_PROJECT_LINKS.columns)
    path.write_text("# a comment line\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_bad_link_file_lists_every_problem_with_its_line(tmp_path):
    path = _links_file(tmp_path, ["a,x,,,same,r", "a,,,P1.0.001,none,", "b,x,Z1,,maybe,r"])
    with pytest.raises(CuratedFileError) as caught:
        curated.read(curated.PROSE_PROJECT_LINKS.name, path)
    assert caught.value.problems == [
        "第 3 行：match 为 same 时必须填 project_id (match 'same' needs a project_id)",
        "第 3 行：link_id = 'a'，与另一行重复，应唯一 (must be unique)",
        "第 4 行：match 为 none 时 project_id 必须留空 (match 'none' must have no project_id)",
        "第 4 行：link_id = 'a'，与另一行重复，应唯一 (must be unique)",
        "第 4 行：phrase = ''，不能为空 (required)",
        "第 4 行：reason = ''，不能为空 (required)",
        "第 5 行：outline_id = 'Z1'，应形如 C4.2 或 B9（或留空）",
        "第 5 行：match = 'maybe'，应为 same、uncertain、none 之一",
    ]
    with pytest.raises(CuratedFileError, match="找不到文件"):
        curated.read(curated.PROSE_PROJECT_LINKS.name, tmp_path / "missing.csv")


def test_a_link_whose_phrase_is_gone_stops_the_build_naming_it(tmp_path):
    # 专栏9 (line 681) renamed: the link box9-city-welfare-centre, line 17 of the link file, finds nothing.
    text = RAW_TEXT.replace("市社会福利中心改造项目", "市社会福利中心提档升级项目")
    with pytest.raises(PlanParseError) as caught:
        _checks(text)
    message = str(caught.value)
    assert message.startswith(f"{RAW_DIR / curated.PROSE_PROJECT_LINKS.name}:17: ")
    assert "链接 box9-city-welfare-centre「市社会福利中心改造项目」在计划文本 (the plan text)中找不到" in (
        message
    )


def test_a_phrase_on_two_lines_needs_an_outline_id(parsed, tmp_path):
    # 「建立市级应急救援中心」 stands once (line 685, 第五章 一、(四)); a copy repeating it in 第一章 is
    # ambiguous until the link names the subsection, C5.1.4.
    lines = list(parsed["source"].lines)
    lines[190] += "建立市级应急救援中心"
    source = Source.from_text("\n".join(lines))
    outline, _, _ = parse_narrative(source)
    ids = set(parsed["projects"]["project_id"])
    row = "l685-city-emergency-centre,建立市级应急救援中心,{},,uncertain,r"
    with pytest.raises(PlanParseError, match="出现 2 处，请用 outline_id 限定"):
        project_links(source, outline, ids, _links_file(tmp_path, [row.format("")]))
    links = project_links(source, outline, ids, _links_file(tmp_path, [row.format("C5.1.4")]))
    assert [link["source_line"] for link in links] == [685]


def test_a_link_to_a_missing_project_stops_the_build(parsed, tmp_path):
    source = parsed["source"]
    outline, _, _ = parse_narrative(source)
    path = _links_file(tmp_path, ["x,市儿童福利院新建项目,,P9.9.999,same,r"])
    with pytest.raises(PlanParseError, match="P9.9.999 不是附件2的明细行"):
        project_links(source, outline, set(parsed["projects"]["project_id"]), path)


def test_changed_prose_figures_change_the_status():
    text = (
        RAW_TEXT.replace("公益性公墓198个", "公益性公墓347个")
        .replace("88.49亿元", "88.50亿元")
        .replace("殡仪馆3-4所", "殡仪馆6-7所")
    )
    checks = _checks(text).set_index("check_id")
    assert checks.loc["narr-library-box12-cemeteries", "status"] == "ok"
    assert checks.loc["narr-library-major-projects-total", "status"] == "mismatch"
    assert (
        "四舍五入为88.49亿元，而非正文的88.50亿元"
        in checks.loc["narr-library-major-projects-total", "explanation"]
    )
    assert checks.loc["narr-library-box12-funeral-homes", "status"] == "mismatch"  # 5 homes, fewer than 6
    wide = _checks(RAW_TEXT.replace("殡仪馆3-4所", "殡仪馆1-5所")).set_index("check_id")
    assert wide.loc["narr-library-box12-funeral-homes", "status"] == "ok"  # every reading within 1-5


def test_shifted_copy_keeps_every_check_one_line_lower():
    # One blank line at the top: every sentence moves down a line and is still found, links included.
    checks = _checks("\n" + RAW_TEXT).set_index("check_id")
    assert {
        c.removeprefix("narr-library-"): (r.stated, r.computed, r.status, r.source_line - 1)
        for c, r in checks.iterrows()
    } == EXPECTED
    assert checks.loc["narr-library-box8-home-care-guidance-centre", "evidence_lines"] == [2112]
