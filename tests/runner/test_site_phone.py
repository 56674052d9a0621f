"""The site on a 390-px phone, as far as the pages' markup decides it: every chart has a narrow drawing
for small screens or scrolls at full size, and wide tables become cards."""

from __future__ import annotations

import base64
import io
import re

from PIL import Image

from xnplan.report import exhibits, plots

from .test_site import report_pages

# The text column of a 390-px phone is 354 px (see tests/report/test_exhibits_phone.py). A drawing up to
# 1.2 times as wide is fitted at 354/425 = 0.83 or more, which keeps a 9-pt label (12 px) at 10 px; the
# bar charts, whose smallest labels are 8 pt, are drawn 354 px wide or less (the unit tests check both).
MAX_PHONE_CSS_PX = 425
PHONE_SOURCE = re.compile(
    r'<source media="\(max-width: (\d+)px\)" srcset="data:image/png;base64,(\S+) ([\d.]+)x"\s*/?>'
)  # the exported page closes the tag as XHTML does
FIGURE = re.compile(r'<figure class="xn-exhibit xn-figure".*?</figure>', re.S)


def test_every_chart_has_a_phone_drawing_or_scrolls_at_full_size(report_site):
    narrow = scrolled = 0
    for page in report_pages(report_site):
        for figure in FIGURE.findall(page.read_text(encoding="utf-8")):
            source = PHONE_SOURCE.search(figure)
            if source is None:
                assert '<div class="xn-wide-chart">' in figure, page.name
                scrolled += 1
                continue
            assert int(source.group(1)) == exhibits.PHONE_MAX_PX
            png = Image.open(io.BytesIO(base64.b64decode(source.group(2))))
            css_px = png.width / float(source.group(3))
            assert css_px <= MAX_PHONE_CSS_PX, (page.name, round(css_px))
            narrow += 1
    # the site's charts: the heatmap and the two trajectory panels scroll (plan_overview 图3,
    # target_gap-2023 and -2025 图1); every other chart is drawn narrow
    assert scrolled == 3 and narrow > 20


def test_wide_tables_become_cards_and_the_html_says_so(report_site):
    cards = 0
    for page in report_pages(report_site):
        html = page.read_text(encoding="utf-8")
        for table in re.findall(r"<table[^>]*>.*?</table>", html, re.S):
            if "xnplan-table" not in table:
                continue
            headers = re.findall(r"<th [^>]*col_heading[^>]*>", table)
            if len(headers) >= plots.CARDS_FROM_COLUMNS:
                assert "xn-cards" in table and "data-label=" in table, page.name
                cards += 1
            else:
                assert "data-label=" not in table, page.name
    assert cards > 20
    css = (report_site / "index.html").read_text(encoding="utf-8")
    assert '<table class="cards">' in css and "@media (max-width: 600px)" in css
