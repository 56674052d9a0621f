"""Numbered tables and figures of one report page: caption, source line, downloads, manifest.

A page numbers its tables (表1, 表2 …) and figures (图1 …) in the order it shows them; a table's
caption stands above it and a figure's below it, as in Chinese statistical publications, and a
资料来源 line follows each. Sources are numbered once per page: :meth:`Exhibits.source` gives a
source the same number every time it is cited, exhibits refer to it by that number, and
:meth:`Exhibits.finish` lists every source once at the end of the page.

When the batch runner hands the notebook a downloads folder (the ``downloads_dir`` and
``downloads_href`` parameters), each table is also written there as CSV and xlsx by
:mod:`xnplan.spreadsheet` (the raw values under the page's headers; in the xlsx, numbers as numbers,
the caption in the printed page header and, with the sources and the note, in its 说明 sheet), each
figure as a 200-dpi PNG and an SVG (its text kept as text, its ids from a fixed seed, so the same
chart gives the same file), and the page links them under the exhibit. A download is named after its
page and number (``target_gap-2025-表3.csv``), so no two files of the site share a name in a reader's
Downloads folder. ``manifest.json`` lists them with the page's one-line conclusion, which the landing
page shows, and its answer (a sentence the landing page puts at its top), when the page gives one.
Run interactively (no folder) the page shows the same numbers and sources, without links, and writes nothing.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from xnplan import facts
from xnplan.atomicfile import write_atomic
from xnplan.paths import DOWNLOADS_MANIFEST as MANIFEST
from xnplan.report import plots
from xnplan.report.present import Label, present
from xnplan.spreadsheet import Sheet, csv_bytes, workbook_bytes

DOWNLOAD_DPI = 200  # sharp when pasted into a Word document at full text width
CSS_DPI = 96  # CSS pixels per inch: the embedded image is shown at the figure's size in inches
# A phone (CSS width up to PHONE_MAX_PX) is shown the chart drawn again at PHONE_WIDTH_IN, at the
# same point sizes: 3.6 in is 346 CSS px, which fits the text column of a 390-px phone (354 px) without
# shrinking, so the smallest label (8 pt, 10.7 px) stays above 10 px. Charts whose axes keep a fixed
# aspect (the maps) are scaled down in height with their width; bar charts keep their height.
PHONE_MAX_PX = 600
PHONE_WIDTH_IN = 3.4  # and matplotlib's tight-box margin, 0.1 in each side
PHONE_LABEL_CHARS = 7  # a category label's line on a phone, so the bars keep most of the width
SOURCES_HEADING = "资料来源"
DOWNLOADS_SUFFIX = "_files"  # the runner's <slug>_files folder: the page's downloads

# The sources every report cites. Short forms: the full reference is in the page's source list.
PLAN = f"{facts.PLAN_ISSUER}《{facts.PLAN_TITLE}》，{facts.PLAN_PUBLISHED}发布"
PLAN_LIBRARY = PLAN + "，附件2“十四五”项目库明细表"
PLAN_SUMMARY = PLAN + "，附件1“十四五”项目库简表"

SourceRef = str | tuple[str, str | None]


@dataclass(frozen=True)
class Source:
    number: int
    text: str
    url: str | None


class Exhibits:
    """The numbered exhibits of one page; create one per notebook, call :meth:`finish` last."""

    def __init__(self, downloads_dir: str | Path | None = "", downloads_href: str = "") -> None:
        self.folder = Path(downloads_dir) if downloads_dir else None
        self.href = (downloads_href or (self.folder.name if self.folder else "")).strip("/")
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
        # Downloads are named after the page: the folder the page links, without _files (the folder
        # written may be a staging copy under another name). Unique across the site.
        self.page = self.href.rsplit("/", 1)[-1].removesuffix(DOWNLOADS_SUFFIX)
        self._sources: dict[tuple[str, str | None], Source] = {}
        self._entries: list[dict[str, object]] = []
        self._tables = 0
        self._figures = 0
        self._conclusion: str | None = None
        self._answer: str | None = None
        self._cited: set[int] = set()

    # --- sources ---------------------------------------------------------------------------------

    def source(self, text: str, url: str | None = None) -> int:
        """The number of a source on this page; the same source always gets the same number."""
        key = (text.strip(), url or None)
        if key not in self._sources:
            self._sources[key] = Source(len(self._sources) + 1, key[0], key[1])
        return self._sources[key].number

    def ref(self, text: str, url: str | None = None) -> str:
        """``[n]``: the source's number as a table cell refers to it."""
        return f"[{self.source(text, url)}]"

    def _cite(self, sources: Iterable[SourceRef]) -> list[Source]:
        cited = []
        for item in sources:
            text, url = (item, None) if isinstance(item, str) else item
            number = self.source(text, url)
            cited.append(next(s for s in self._sources.values() if s.number == number))
        return cited

    # --- the page's conclusion -------------------------------------------------------------------

    def conclusion(self, text: str) -> None:
        """The page's one-line conclusion for the landing page (the page itself shows its own text)."""
        self._conclusion = " ".join(text.split())

    def answer(self, text: str) -> None:
        """A sentence the landing page puts at its top, among the answers to the readers' questions."""
        self._answer = " ".join(text.split())

    # --- exhibits --------------------------------------------------------------------------------

    def table(
        self,
        frame: pd.DataFrame,
        title: str,
        *,
        columns: Sequence[str] | None = None,
        labels: dict[str, Label] | None = None,
        text: bool = False,
        sources: Iterable[SourceRef] = (),
        note: str | None = None,
        download_columns: Sequence[str] | None = None,
        download: Sheet | None = None,
    ) -> None:
        """Show 表N: ``frame`` through :func:`present` (``columns``, ``labels``), or as it is when
        ``text`` is true (a table composed of text already); downloads hold the unformatted values,
        of ``download_columns`` when given (the shown ones and more: ids, raw line numbers), or the
        sheet ``download`` (its figures as numbers, its columns described) for a text table."""
        if text:
            shown = data = frame.reset_index(drop=True)
        else:
            shown = present(frame, columns, labels)
            data = present(frame, download_columns or columns, labels, formatted=False)
        self._tables += 1
        number, stem = f"表{self._tables}", f"table-{self._tables:02d}"
        name = self._file_stem(number)
        cited = self._cite(sources)
        files: list[tuple[str, str]] = []
        if self.folder is not None:
            sheet = _download_sheet(download, data, number, title, cited, note)
            write_atomic(
                self.folder / f"{name}.csv",
                csv_bytes(
                    sheet.frame.rename(columns={key: column.header for key, column in sheet.columns.items()})
                ),
            )
            write_atomic(self.folder / f"{name}.xlsx", workbook_bytes([sheet]))
            files = [(f"{name}.csv", "CSV"), (f"{name}.xlsx", "Excel")]
        self._record(number, "table", title, stem, files)
        table = _with_caption(plots.table_html(shown), f"{number}　{title}")
        body = (
            f'<p class="xn-caption">{escape(number)}　{escape(title)}</p>\n'
            f"{table}\n{self._footer(cited, note, files)}"
        )
        _display_html(f'<div class="xn-exhibit xn-table" id="{stem}">\n{body}\n</div>', f"[{number}] {title}")

    def figure(
        self,
        fig: Figure,
        title: str,
        *,
        sources: Iterable[SourceRef] = (),
        note: str | None = None,
        data: pd.DataFrame | None = None,
        phone: Figure | None = None,
    ) -> None:
        """Show 图N: the chart without its own title (the caption carries it), downloads with it; and
        ``data``, the figures it draws (Chinese headers, numbers as numbers), as ``<page>-图N-数据``
        CSV and xlsx for a chart that no table of the page shows. ``phone``: the chart's own drawing
        for a phone (small multiples stacked), instead of the one :func:`phone_png` makes."""
        self._figures += 1
        number, stem = f"图{self._figures}", f"figure-{self._figures:02d}"
        name = self._file_stem(number)
        cited = self._cite(sources)
        files: list[tuple[str, str]] = []
        if self.folder is not None:
            write_atomic(self.folder / f"{name}.png", plots.png_bytes(fig, dpi=DOWNLOAD_DPI))
            write_atomic(self.folder / f"{name}.svg", svg_bytes(fig))
            files = [(f"{name}.png", f"PNG（{DOWNLOAD_DPI} dpi）"), (f"{name}.svg", "SVG")]
            if data is not None:
                files += self._write_data(data, number, f"{title}（数据）", cited, note)
        self._record(number, "figure", title, stem, files)
        image = _picture(fig, title, phone)
        body = (
            f'{image}\n<figcaption class="xn-caption">{escape(number)}　{escape(title)}</figcaption>\n'
            f"{self._footer(cited, note, files)}"
        )
        _display_html(
            f'<figure class="xn-exhibit xn-figure" id="{stem}">\n{body}\n</figure>', f"[{number}] {title}"
        )

    def _write_data(
        self, data: pd.DataFrame, number: str, title: str, cited: list[Source], note: str | None
    ) -> list[tuple[str, str]]:
        """A chart's figures as CSV and xlsx beside its images: 图N's data, one sheet named 图N."""
        assert self.folder is not None  # only called when the page writes downloads
        name = f"{self._file_stem(number)}-数据"
        sheet = _download_sheet(None, data.reset_index(drop=True), number, title, cited, note)
        write_atomic(self.folder / f"{name}.csv", csv_bytes(sheet.frame))
        write_atomic(self.folder / f"{name}.xlsx", workbook_bytes([sheet]))
        return [(f"{name}.csv", "数据 CSV"), (f"{name}.xlsx", "数据 Excel")]

    def _file_stem(self, number: str) -> str:
        """``<page>-表3``: a download's name without its suffix."""
        return f"{self.page}-{number}" if self.page else number

    def _record(self, number: str, kind: str, title: str, stem: str, files: list[tuple[str, str]]) -> None:
        self._entries.append(
            {
                "number": number,
                "kind": kind,
                "title": title,
                "anchor": stem,
                "files": [name for name, _ in files],
            }
        )

    def _footer(self, cited: list[Source], note: str | None, files: list[tuple[str, str]]) -> str:
        lines = []
        if cited:
            # The full reference the first time a source is cited on the page, its number after that.
            refs = "；".join(
                f'<a href="#source-{s.number}">[{s.number}]</a>'
                + ("" if s.number in self._cited else f" {escape(s.text)}")
                for s in cited
            )
            self._cited.update(s.number for s in cited)
            lines.append(f'<p class="xn-source">资料来源：{refs}。</p>')
        if note:
            lines.append(f'<p class="xn-note">注：{escape(note)}</p>')
        if files:
            links = " · ".join(
                f'<a href="{escape(self.href)}/{escape(name)}">{escape(label)}</a>' for name, label in files
            )
            lines.append(f'<p class="xn-downloads">下载：{links}</p>')
        return "\n".join(lines)

    # --- end of page -----------------------------------------------------------------------------

    def finish(self) -> None:
        """List the page's sources under a 资料来源 heading, and write manifest.json."""
        from IPython.display import Markdown, display

        if self._sources:
            display(Markdown(f"## {SOURCES_HEADING}"))
            items = "\n".join(
                f'<li id="source-{s.number}">{escape(s.text)}'
                + (f'，<a href="{escape(s.url)}">{escape(s.url)}</a>' if s.url else "")
                + "</li>"
                for s in self._sources.values()
            )
            _display_html(
                f'<ol class="xn-sources">\n{items}\n</ol>',
                "\n".join(f"[{s.number}] {s.text}" for s in self._sources.values()),
            )
        if self.folder is not None:
            (self.folder / MANIFEST).write_text(
                json.dumps(self.manifest(), ensure_ascii=False, indent=1), encoding="utf-8"
            )

    def manifest(self) -> dict[str, object]:
        sources = [{"number": s.number, "text": s.text, "url": s.url} for s in self._sources.values()]
        return {
            "conclusion": self._conclusion,
            "answer": self._answer,
            "exhibits": self._entries,
            "sources": sources,
        }


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG: text as text, fixed ids, no date (the same chart gives the same bytes)."""
    import io

    buffer = io.BytesIO()
    # Text stays text (selectable, searchable, sharp; a reader's CJK font draws it), and the clip-path
    # ids come from a fixed seed instead of a random one, so two runs write the same bytes.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "xnplan"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _with_caption(table: str, caption: str) -> str:
    """The table with a ``<caption>`` for screen readers (the visible caption is the paragraph above
    it, which prints and copies as the house style wants), and ``scope="col"`` on its header cells."""
    start = table.find("<table")
    if start < 0:
        return table
    end = table.index(">", start) + 1
    table = table[:end] + f'\n<caption class="xn-sr">{escape(caption)}</caption>' + table[end:]
    return table.replace(
        "<th ",
        '<th scope="col" ',
    ).replace("<th>", '<th scope="col">')


def _download_sheet(
    download: Sheet | None, data: pd.DataFrame, number: str, title: str, cited: list[Source], note: str | None
) -> Sheet:
    """表N's download: one sheet named 表N, its caption as the printed page header, its sources and
    note in the 说明 sheet; the first column stays in view (``download``'s frozen columns if given)."""
    notes = (
        *(f"资料来源：[{s.number}] {s.text} {s.url or ''}".rstrip() for s in cited),
        *([f"注：{note}"] if note else []),
    )
    if download is not None:
        return replace(download, name=number, title=f"{number}　{title}", notes=notes)
    return Sheet(
        number, data, title=f"{number}　{title}", notes=notes, frozen_columns=min(1, len(data.columns))
    )


def _picture(fig: Figure, title: str, phone: Figure | None = None) -> str:
    """The chart as the page shows it: a ``<picture>`` whose phone source is the narrow drawing
    (``phone`` drawn as it is when given)."""
    png = _untitled_png(fig)
    width = round(fig.get_figwidth() * CSS_DPI)
    image = (
        f'<img class="xn-chart" alt="{escape(title)}" style="width:{width}px;max-width:100%;height:auto" '
        f'src="{_data_uri(png)}">'
    )
    if phone is None and not narrows(fig):
        return f'<div class="xn-wide-chart">{image}</div>'
    narrow = _untitled_png(phone) if phone is not None else phone_png(fig)
    density = f"{plots.DPI / CSS_DPI:.4g}x"  # shown at its size in inches, as the wide one
    source = f'<source media="(max-width: {PHONE_MAX_PX}px)" srcset="{_data_uri(narrow)} {density}">'
    return f"<picture>{source}{image}</picture>"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def phone_size(fig: Figure) -> tuple[float, float]:
    """(width, height) in inches of the chart's phone drawing."""
    width, height = fig.get_size_inches()
    fixed_aspect = any(ax.get_aspect() != "auto" for ax in fig.axes)
    return PHONE_WIDTH_IN, height * PHONE_WIDTH_IN / width if fixed_aspect else height


def narrows(fig: Figure) -> bool:
    """Whether the chart has a phone drawing. A chart marked :data:`plots.WIDE_ONLY` (a heatmap,
    whose columns cannot shrink) and small multiples (panels side by side, which a phone's width would
    squeeze into slivers) are shown at their own width in a box the reader scrolls instead."""
    panels = [ax for ax in fig.axes if getattr(ax, "_colorbar", None) is None]
    return fig.get_gid() != plots.WIDE_ONLY and len(panels) <= 1


def phone_png(fig: Figure) -> bytes:
    """The chart drawn at the phone's width, its category labels wrapped shorter and its titles left
    out (as on the page); ``fig`` is left as it was."""
    size = fig.get_size_inches().copy()
    axes = [ax for ax in fig.axes if _has_text_ticks(ax)]
    saved = [(ax.yaxis.get_major_locator(), ax.yaxis.get_major_formatter()) for ax in axes]
    fig.set_size_inches(*phone_size(fig))
    try:
        for ax in axes:
            labels = [
                plots.wrap(t.get_text().replace("\n", ""), PHONE_LABEL_CHARS) for t in ax.get_yticklabels()
            ]
            ax.set_yticks(ax.get_yticks(), labels=labels)
        return _untitled_png(fig)
    finally:
        fig.set_size_inches(*size)
        for ax, (locator, formatter) in zip(axes, saved, strict=True):
            ax.yaxis.set_major_locator(locator)
            ax.yaxis.set_major_formatter(formatter)


def _has_text_ticks(ax) -> bool:
    """Whether the y axis names categories (a bar chart's rows), not numbers."""
    texts = [t.get_text() for t in ax.get_yticklabels()]
    return any(text and not re.fullmatch(r"[-−+\d.,%\s]*", text) for text in texts)


def _untitled_png(fig: Figure) -> bytes:
    """The figure as the page shows it: its title (the caption says it) left out while it is drawn,
    then restored. The title is the suptitle when there is one, whose panels keep their own titles
    (城市低保 …, which say what each panel is); otherwise the axes' titles."""
    # matplotlib keeps the suptitle's Text only in this private attribute (get_suptitle gives its string)
    suptitle = fig._suptitle  # type: ignore[attr-defined]
    texts = [suptitle] if suptitle is not None else [ax.title for ax in fig.axes]
    saved = [text.get_text() for text in texts]
    try:
        for text in texts:
            text.set_text("")
        return plots.png_bytes(fig)
    finally:
        for text, value in zip(texts, saved, strict=True):
            text.set_text(value)


def _display_html(html: str, plain: str) -> None:
    """HTML for the page; the plain text is what nbval compares and what a text console shows."""
    from IPython.display import display

    display({"text/html": html, "text/plain": plain}, raw=True)
