"""CSV meant for a spreadsheet: cells a spreadsheet would run as a formula are neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula (or becomes one) in Excel,
LibreOffice and Google Sheets; a donor's employer or a failed login's username could then open a link or run a
command on the treasurer's machine (OWASP "CSV Injection"). Such a cell is written with a leading apostrophe,
which spreadsheets show as text. A plain number (a refund's ``-25.00``) is left as it is. This is the one place
that rule lives: every CSV export for people uses :func:`spreadsheet_writer`. Never used for ``.fec`` files,
which the FEC reads, not a spreadsheet."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_cell(value: Any) -> str:
    """``value`` as a CSV cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SpreadsheetWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def spreadsheet_writer(out: Any, **kwargs: Any) -> SpreadsheetWriter:
    return SpreadsheetWriter(out, **kwargs)
