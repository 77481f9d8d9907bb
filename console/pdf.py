"""The printable summary as a PDF, drawn with fpdf2 (pure Python: no system libraries, works offline). The same
rows as the HTML page: every line's number, description and both columns, and the signature block."""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF

from compliance.models import Report
from compliance.summary_lines import SummaryRow, signature_line


def _money(value: str | None) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def _latin1(text: str) -> str:
    """The PDF's core fonts hold Latin-1; dashes and quotes are mapped, anything else becomes '?'."""
    text = text.replace("\u2014", "-").replace("\u2013", "-").replace("\u2019", "'").replace("\u2212", "-")
    return text.encode("latin-1", "replace").decode("latin-1")


def summary_pdf(report: Report, sections: list[tuple[str, list[SummaryRow]]], column_b: str) -> bytes:
    committee = report.committee
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_title(_latin1(f"{committee.name} {report.form_type} {report.report_code}"))
    pdf.set_author(_latin1(committee.name))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1(f"{committee.name} ({committee.fec_id})"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    amendment = f", amendment {report.amendment_number}" if report.amendment_number else ""
    election = f" for {report.election.code}" if report.election_id else ""
    pdf.multi_cell(
        0,
        5,
        _latin1(
            f"{report.get_form_display()} ({report.form_type}{amendment}): report {report.report_code}{election}, "
            f"covering {report.coverage_from:%Y-%m-%d} through {report.coverage_through:%Y-%m-%d}. "
            f"{committee.street_1}, {committee.city}, {committee.state} {committee.zip_code}."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    for title, rows in sections:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        header = ["Line", "Description", "Column A: this period", _latin1(f"Column B: {column_b.lower()}")]
        _table(
            pdf,
            header,
            [([row.label, _latin1(row.description), _money(row.col_a), _money(row.col_b)], row.total) for row in rows],
        )
        pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(signature_line(report)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


_WIDTHS = (17, 101, 29, 29)
_ALIGN = ("L", "L", "R", "R")
_LINE = 4.2  # mm per line of 9 pt text
_PAD = 1.0


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap measured with the current font (fpdf2's table re-measures every glyph several times per
    cell, which made a four-page summary take ~200 ms; this keeps it to a few ms)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def _row(pdf: FPDF, cells: list[str], *, bold: bool, fill: bool) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 9)
    wrapped = [_wrap(pdf, text, width - 2 * _PAD) for text, width in zip(cells, _WIDTHS, strict=True)]
    height = max(len(lines) for lines in wrapped) * _LINE + _PAD
    if pdf.will_page_break(height):
        pdf.add_page()
    x, y = pdf.l_margin, pdf.get_y()
    if fill:
        pdf.set_fill_color(230, 234, 240)
    for lines, width, align in zip(wrapped, _WIDTHS, _ALIGN, strict=True):
        pdf.rect(x, y, width, height, style="DF" if fill else "D")
        for index, line in enumerate(lines):
            pdf.set_xy(x + _PAD, y + _PAD / 2 + index * _LINE)
            pdf.cell(width - 2 * _PAD, _LINE, line, align=align)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _table(pdf: FPDF, header: list[str], rows: list[tuple[list[str], bool]]) -> None:
    _row(pdf, header, bold=True, fill=True)
    for cells, total in rows:
        _row(pdf, cells, bold=total, fill=False)
