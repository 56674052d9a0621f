"""xnplan.assess.sources: how the target_gap page words the sources it cites (reliability labels in
Chinese, a source's title and address), on the published observations and written-out sources.
"""

from __future__ import annotations

import pandas as pd

from xnplan.assess import sources
from xnplan.paths import ROOT


def test_reliability_labels_in_chinese_unknown_shown_as_is():
    published = pd.read_csv(ROOT / "data/raw/observations/observations_public.csv")
    labels = {value: sources.reliability_label(value) for value in published["reliability"].unique()}
    assert labels == {
        "mirror of municipal news": "市级新闻（镜像网页转载）",
        "third-party reproduction of the city notice": "市政府通知（第三方网站转载）",
        "mirror of the municipal government notice": "市政府通知（镜像网页转载）",
        "official county site": "县级政府网站",
        "county civil-affairs site": "县级民政部门网站",
        "municipal news (咸宁网)": "市级新闻（咸宁网）",
    }
    assert sources.reliability_label("统计公报") == "统计公报"  # the template's list is Chinese
    assert sources.reliability_label(" blog post ") == "blog post"
    assert sources.reliability_label(float("nan")) == ""


def test_source_parts_split_title_and_address():
    assert sources.source_parts(
        "咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06), mirrored at http://m.czhtech.com/gd/1.html"
    ) == ("咸宁市调整2023年社会救助标准 (咸宁网, 2023-04-06)", "http://m.czhtech.com/gd/1.html")
    assert sources.source_parts("赤壁市民政局工作总结, http://chibi.gov.cn/a.shtml") == (
        "赤壁市民政局工作总结",
        "http://chibi.gov.cn/a.shtml",
    )
    assert sources.source_parts("民政局统计年报") == ("民政局统计年报", None)
