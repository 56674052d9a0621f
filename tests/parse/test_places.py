"""Places in the published document: page (from the 目录) and headings of a raw text line."""

from __future__ import annotations

import pytest

from xnplan.errors import XnplanError
from xnplan.parse import places


def place(plan, line: int) -> str:
    return places.place(line, plan.outline, plan.project_categories)


def test_places_cite_the_page_and_headings_of_the_published_document(plan):
    # Line 193 (十三五 social assistance) lies under 第一章 一、 (page 1); 二、 starts on page 2.
    assert place(plan, 193) == "第1–2页 第一章 一、"
    # Line 599 (农村社区综合服务设施覆盖率 70%) under 第四章 三、 (page 22); 四、 starts on page 24.
    assert place(plan, 599) == "第22–24页 第四章 三、"
    # Line 645 is 专栏7's heading, inside 第四章 六、 (page 27); 专栏 have no page of their own.
    assert place(plan, 645) == "第27–28页 第四章 六、 专栏7"
    # Line 679 (专栏9, 特困人员供养服务机构) under 第五章 一、(三) (page 30); (四) starts on page 32.
    assert place(plan, 679) == "第30–32页 第五章 一、 (三) 专栏9"
    # Line 795 (重大项目共1628个) under 第七章 四、 (page 45); 五、 on page 46.
    assert place(plan, 795) == "第45–46页 第七章 四、"
    # Line 823 is 附件1's grand total (884933.66); 附件2 starts on page 49.
    assert place(plan, 823) == "第48–49页 附件1“十四五”项目库简表"
    # Line 1799 (嘉鱼县7个镇农村福利院项目) stands under 附件2's heading "2.福利院项目" (line 1633).
    assert place(plan, 1799) == "第49页起 附件2“十四五”项目库明细表「2.福利院项目」"
    # Line 979 is 附件2's 合计 row (884933), above every category heading.
    assert place(plan, 979) == "第49页起 附件2“十四五”项目库明细表合计行"
    # Before 第一章 (line 187): the title, 目录 and preface.
    assert place(plan, 185) == "第1页 第一章之前"


def test_a_line_beyond_the_document_is_a_clear_error(plan):
    # Lines 4404 on are the web page's footer (局长信箱, 返回顶部), after 附件2's last row.
    with pytest.raises(XnplanError, match="原文第4406行不在规划的任何章节或附件之内"):
        place(plan, 4406)


def test_page_is_the_place_without_its_headings(plan):
    pages = places.Places(plan.outline, plan.project_categories)
    # The same lines as above: the 目录 pages alone.
    assert [pages.page(line) for line in (193, 679, 823, 1799, 185)] == [
        "第1–2页",
        "第30–32页",
        "第48–49页",
        "第49页起",
        "第1页",
    ]


def test_every_table_with_a_source_line_has_its_page(plan):
    # 十四五主要指标表 (lines 415-517) stands under 第二章 四、(三), which the 目录 puts on page 13;
    # 第三章 is on page 14. Baseline B01 is line 193 (page 1–2 above); 附件2's rows are 第49页起.
    assert set(plan.indicators_14th["source_page"]) == {"第13–14页"}
    assert plan.baselines.set_index("baseline_id").loc["B01", "source_page"] == "第1–2页"
    assert set(plan.projects["source_page"]) == {"第49页起"}
    for name, table in plan.tables().items():
        if "source_line" in table.columns:
            assert list(table.columns).index("source_page") == list(table.columns).index("source_line") + 1
            lined = table["source_line"].notna()
            assert (table.loc[lined, "source_page"].str.match(r"^第\d+(–\d+)?页(起)?$")).all(), name
            assert table.loc[~lined, "source_page"].isna().all(), name
