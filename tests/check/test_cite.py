"""How a sentence cites a line and a check (xnplan.check.cite): by line number, or by place.

Places are checked against the plan text (data/raw/xianning_civil_affairs_14th_fyp_draft.txt). Its 目录
prints each heading's page: 一、社会救助保障体系进一步完善 1, 二、多元养老服务体系初步形成 2, 八、
“十三五”主要指标完成情况 7, (三)加强儿童福利机构标准化建设 19, 四、增强残疾人服务能力 20,
三、深化城乡社区治理和服务创新 22, 四、推进社会组织健康有序发展 24, (三)创新推动养老机构改革发展 30,
(四)推进医养康养融合发展 32, 四、强化项目支撑 45, 五、深化工作宣传 46, 附件1 48, 附件2 49. Line 599
is in 第四章 三、, 681 in 专栏9 under 第五章 一、(三), 795 in 第七章 四、, 821 in 附件1, 2637 in 附件2
under 「5.新建、改造升级县级社会福利中心项目」.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xnplan
from xnplan.check.cite import BY_LINE, ByPlace


@pytest.fixture(scope="module")
def by_place():
    plan = xnplan.store.load()
    return ByPlace(plan.outline, plan.project_categories, {"G-S-count": "项目个数的计法"})


def test_by_line_cites_the_text_file_and_the_check_id():
    assert BY_LINE.at(795) == "第795行" and BY_LINE.at(819, onward=True) == "第819行起"
    assert BY_LINE.aside(2637) == "（第2637行）" and BY_LINE.aside(819, onward=True) == "（第819行起）"
    assert BY_LINE.lead(1799) == "（第1799行，"
    assert BY_LINE.check("G-S-count") == "核对项G-S-count"
    assert BY_LINE.quoted("专栏2第575行所说") == "专栏2第575行所说"


def test_by_place_cites_pages_in_the_text_and_attachments_by_name(by_place):
    assert by_place.place(681) == "第30–32页 第五章 一、 (三) 专栏9"
    assert by_place.at(795) == "第45–46页" and by_place.at(819, onward=True) == "附件1"
    assert by_place.aside(599) == "（第22–24页）" and by_place.lead(599) == "（第22–24页，"
    # a row of an attachment is named in the sentence already: its line in brackets says nothing more
    assert by_place.aside(2637) == "" and by_place.lead(1799) == "（"
    assert by_place.check("G-S-count") == "“项目个数的计法”一节"


def test_by_place_cites_the_lines_of_a_curated_text_the_same_way(by_place):
    # box2-city-child-welfare-home's reason cites 专栏2 (line 575) and line 571, both under 第三章 三、
    # (三)加强儿童福利机构标准化建设 (page 19; the next heading, 四、, is on page 20)
    assert by_place.quoted("与专栏2第575行“重新选址”相符；它也是第571行所说的") == (
        "与专栏2第19–20页“重新选址”相符；它也是第19–20页所说的"
    )
    assert (
        by_place.quoted("如「甲」（第1799行，7个设施）与乙（第2637行）相同") == "如「甲」（7个设施）与乙相同"
    )
    assert by_place.quoted("专栏9（第681行）要求") == "专栏9（第30–32页）要求"


@given(st.text(st.characters(exclude_characters="第行"), max_size=40))
def test_a_curated_text_without_a_line_is_left_as_it_is(by_place, text):
    assert by_place.quoted(text) == text
