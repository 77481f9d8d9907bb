"""The printable summary as a PDF, drawn with fpdf2 (pure Python: no system libraries, works offline). The same
rows as the HTML page: every line's number, description and both columns, and the signature block."""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF
from fpdf.fonts import FontFace

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
    heading = FontFace(emphasis="BOLD", fill_color=(230, 234, 240))
    for title, rows in sections:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        with pdf.table(
            col_widths=(14, 104, 29, 29), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"), headings_style=heading
        ) as table:
            table.row(["Line", "Description", "Column A: this period", _latin1(f"Column B: {column_b.lower()}")])
            for row in rows:
                style = FontFace(emphasis="BOLD") if row.total else None
                table.row(
                    [row.label, _latin1(row.description), _money(row.col_a), _money(row.col_b)],
                    style=style,
                )
        pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(signature_line(report)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
