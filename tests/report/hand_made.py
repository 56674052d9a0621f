"""Hand-made lines of the project library (附件2), for the report tests: each test works its expected
figures out from these rows (conftest's ``make_projects`` makes them a valid projects table).

Rows are in conftest.COLUMNS order: project_id, category_no, category, subcategory_no, subcategory,
name, county, township, units, investment_wan, implementer_type.
"""

from __future__ import annotations

# A category with subcategories (公办养老, two subcategories), one without (普惠养老, holding one huge
# enterprise line like 华中同济蒲纺康养基地项目), and a 市本级 line.
LIBRARY = [
    ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区61个村级日照中心", "咸安区", "", 61, 3965.0, "村/社区"),
    ("P1.1.002", 1, "公办养老", 1, "日间照料", "八蛇村日照", "赤壁市", "赤马港街道", 1, 150.0, "村/社区"),
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
    ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "通羊镇", 1, 26000.0, "民政部门"),
    ("P3.0.001", 3, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
LIBRARY_TOTAL = 3965 + 150 + 500 + 300000 + 26000 + 200  # 330815

# The same shape with a package: 通山县 has a package of 187 cemeteries placed in 通羊镇 by its
# location, and a line naming no township.
WITH_PACKAGE = [
    ("P1.1.001", 1, "公办养老", 1, "日间照料", "咸安区61个村级日照中心", "咸安区", "", 61, 3965.0, "村/社区"),
    ("P1.2.001", 1, "公办养老", 2, "福利院", "通山县福利院项目", "通山县", "通羊镇", 1, 500.0, "民政部门"),
    ("P2.0.001", 2, "普惠养老", 0, "", "华中同济蒲纺康养基地项目", "赤壁市", "", 1, 300000.0, "企业"),
    ("P2.0.002", 2, "普惠养老", 0, "", "通山县医养结合二期", "通山县", "", 1, 26000.0, "企业"),
    ("P3.0.001", 3, "殡葬", 0, "", "通山县187个农村公益性公墓", "通山县", "通羊镇", 187, 9350.0, "民政部门"),
    ("P4.0.001", 4, "婚姻登记", 0, "", "咸宁市婚姻登记中心项目", "市本级", "", 1, 200.0, "民政部门"),
]
# 3965 + 500 + 300000 + 26000 + 9350 + 200
WITH_PACKAGE_TOTAL = 340015.0
