"""A sample 公文 through the Word renderer: time ``docx_bytes`` and, if LibreOffice is installed, look at it.

    .venv/bin/python benchmarks/gongwen_sample.py [--out DIR] [--runs N] [--render]

The sample has what the renderer must lay out: a long title, three level-1 sections with headings
of all four levels, numbered items, placeholders, a table in the body, a portrait attachment with a
table and a landscape attachment with a 14-column table long enough to repeat its header row on a
second page. ``--render`` converts the .docx to PDF with LibreOffice (``soffice``) and to one PNG
per page with poppler (``pdftoppm``); the project never needs either.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from xnplan.assess.document import Attachment, Document, Heading, Items, Paragraph, Table, Text
from xnplan.assess.docx_writer import docx_bytes

COUNTIES = ("咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市", "市本级")
TODO = "【待填写：{}】"


def _todo(what: str) -> Text:
    return Text(TODO.format(what), placeholder=True)


def _section(number: int) -> list:
    return [
        Heading(("主要指标完成情况", "重大项目推进情况", "存在问题和对策建议")[number - 1], 1),
        Paragraph(
            "对照规划确定的主要指标，逐项比较2020年基期值、2023年现状值和2025年目标值，计算完成进度P、"
            "时间进度τ和进度比R。时间进度为60%，进度比不低于1的指标视为快于预期。"
        ),
        Heading("养老服务", 2),
        Heading("机构养老", 3),
        Paragraph(
            ("护理型床位占比由2020年的32%提高到2023年的50%，进度比为1.07，快于预期。", _todo("原因分析"))
        ),
        Heading("床位建设", 4),
        Paragraph("全市养老机构床位数稳步增长，但县际差异较大，部分乡镇敬老院入住率偏低。"),
        Items(
            (
                "完善县乡村三级养老服务网络；",
                ("推进特困人员供养服务设施改造提升，", Text("重点", bold=True), "在通山县、崇阳县；"),
                "加强养老护理员队伍建设。",
            )
        ),
        Heading("社会救助", 2),
        Paragraph("城乡低保标准逐年提高，救助对象动态调整，临时救助“先行救助”全面落实。" * 3),
    ]


def _body_table() -> Table:
    rows = tuple(
        (county, f"{20 + i * 3}", f"{15 + i * 2}", f"{(15 + i * 2) / (20 + i * 3):.1%}")
        for i, county in enumerate(COUNTIES)
    )
    return Table(
        "重大项目推进情况（分县市区）",
        ("县市区", "项目数（个）", "已开工（个）", "开工率"),
        rows,
        widths_mm=(40, 35, 35, 30),
        align=("left", "right", "right", "right"),
        note="资料来源：评估人填报的项目进展表。",
    )


def _wide_table() -> Table:
    header = (
        "序号",
        "指标名称",
        "单位",
        "属性",
        "2020年基期值",
        "2023年现状值",
        "2025年目标值",
        "完成进度P",
        "进度比R",
        "评价",
        "预计2025年",
        "数据来源",
        "责任单位",
        "说明",
    )
    rows = []
    for i in range(1, 41):
        rows.append(
            (
                str(i),
                f"第{i}项指标：养老床位数",
                "张",
                "预期性",
                f"{30 + i / 10:.1f}",
                f"{33 + i / 10:.1f}",
                "35",
                f"{min(1, 0.5 + i / 100):.0%}",
                f"{0.8 + i / 100:.2f}",
                "需加快" if i % 3 else "快于预期",
                "预计可完成",
                "民政局统计年报2023",
                _todo("责任单位") if i == 1 else "市民政局",
                "",
            )
        )
    widths = (9, 46, 11, 13, 20, 20, 20, 14, 14, 17, 20, 27, 15, 15)
    align = ("center", "left", "center", "center", *("right",) * 5, "center", "center", *("left",) * 3)
    return Table(
        "主要指标完成情况表",
        header,
        tuple(rows),
        widths_mm=widths,
        align=align,
        note="注：完成进度P =（现状值 − 基期值）/（目标值 − 基期值），进度比R = P/τ，τ = 60%。",
    )


def sample_document() -> Document:
    opening = (
        "根据《咸宁市民政事业发展“十四五”规划》，",
        _todo("评估工作组织情况"),
        "现将中期评估情况报告如下。",
    )
    blocks = [Paragraph(opening)]
    blocks += _section(1) + [_body_table()] + _section(2) + _section(3)
    attachments = (
        Attachment(
            "2023年重大项目分类推进情况表",
            (
                Paragraph("按项目大类统计。"),
                Table(
                    "重大项目推进情况（分类）",
                    ("大类", "项目数（个）", "计划投资（万元）"),
                    (("养老服务", "120", "412,345.6"), ("殡葬服务", "85", "169,933.77")),
                    align=("left", "right", "right"),
                ),
            ),
        ),
        Attachment("2023年主要指标完成情况表", (_wide_table(),), landscape=True),
    )
    return Document(
        "咸宁市民政事业发展“十四五”规划实施情况中期评估报告（2021—2023年）",
        tuple(blocks),
        attachments,
        subject="“十四五”规划中期评估",
    )


def _median_seconds(runs: int) -> float:
    document = sample_document()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        docx_bytes(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _render(docx: Path) -> list[Path]:
    """PDF by LibreOffice, then one 80-dpi PNG per page by pdftoppm."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
        check=True,
        capture_output=True,
    )
    pdf = docx.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(docx.with_suffix(""))], check=True)
    return sorted(docx.parent.glob(f"{docx.stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/xnplan-gongwen"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--render", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    docx = args.out / "sample.docx"
    docx.write_bytes(docx_bytes(sample_document()))
    print(f"docx_bytes: median {_median_seconds(args.runs):.3f} s over {args.runs} runs; wrote {docx}")
    if args.render:
        if not (shutil.which("soffice") and shutil.which("pdftoppm")):
            raise SystemExit("--render needs LibreOffice (soffice) and poppler-utils (pdftoppm)")
        for png in _render(docx):
            print(png)


if __name__ == "__main__":
    main()
