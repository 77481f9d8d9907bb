"""Value formatting and the text sanitiser for FEC .fec records (format 8.5).

Every value written to a .fec file goes through one of the functions here, chosen by the
field's *kind* (see :class:`Kind`):

=========  ===========================================================================
kind       rule
=========  ===========================================================================
TEXT       Free text (purpose, memo text, street, city, employer, occupation, comment,
           TEXT-record text). Sanitised, then **truncated** to the field's max length:
           losing the tail of a description does not change who gave or how much.
NAME       Names of people, committees and software (contributor/payee/treasurer/
           candidate names, committee names). Sanitised; over-long is an **error**
           (:class:`FecValueError`), because a silently cut name is a misreported name.
CODE       Identifiers and coded values (form types, committee/candidate/transaction ids,
           entity type, state, election code, report code, district ...). Sanitised and
           **uppercased** (the FEC requires uppercase transaction ids); over-long is an error.
ZIP        Like CODE, and hyphens are removed first (``98111-0123`` -> ``981110123``).
AMOUNT     ``Decimal`` (or ``int``) -> ``f"{d:.2f}"``; negatives keep a leading ``-``.
           Floats are refused (``TypeError``), as are sub-cent values and values outside the
           AMT-12 range (-99999999.99 .. 999999999.99): both are errors, never rounded away.
DATE       ``datetime.date`` -> ``YYYYMMDD``.
BOOL       ``True`` -> ``X``, ``False``/``None`` -> empty.
INT        ``int`` -> decimal digits (HDR amendment number, F3X "year for above").
=========  ===========================================================================

The sanitiser (:func:`sanitize`) never drops a record: it transliterates to ASCII with
Unidecode (é -> e, ß -> ss, curly quotes -> straight quotes), turns every character outside
printable ASCII (control characters, tab, CR, LF, the FS delimiter) into a space, removes
double quotes (the FEC spec forbids them in text fields), collapses runs of spaces and strips
leading and trailing blanks (fields must not begin with a blank).
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from decimal import Decimal

from unidecode import unidecode

FS = "\x1c"
CRLF = "\r\n"

_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_SPACE_RUNS = re.compile(r" {2,}")
_CENT = Decimal("0.01")
_AMOUNT_MAX = Decimal("999999999.99")
_AMOUNT_MIN = Decimal("-99999999.99")


class Kind(enum.Enum):
    """How a field's value is formatted and what happens when it is too long."""

    TEXT = "text"
    NAME = "name"
    CODE = "code"
    ZIP = "zip"
    AMOUNT = "amount"
    DATE = "date"
    BOOL = "bool"
    INT = "int"


class FecValueError(ValueError):
    """A value cannot be written without changing its meaning (too long, sub-cent, out of range)."""


def is_clean(value: str) -> bool:
    """True when ``value`` is already what :func:`sanitize` would return (the fast path)."""
    return (
        value.isascii()
        and value.isprintable()
        and '"' not in value
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
    )


def sanitize(value: str | None) -> str:
    """Return ``value`` as printable ASCII without double quotes, doubled or edge blanks."""
    if not value:
        return ""
    if is_clean(value):
        return value
    text = value if value.isascii() else unidecode(value)
    text = _NOT_PRINTABLE_ASCII.sub(" ", text).replace('"', "")
    return _SPACE_RUNS.sub(" ", text).strip(" ")


def format_amount(value: Decimal | int | None, field: str = "amount") -> str:
    """Format an amount as ``-?digits.cc``; ``None`` -> empty. Refuses floats and sub-cent values."""
    if value is None:
        return ""
    if type(value) is not Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise TypeError(f"{field}: amounts must be Decimal, got {type(value).__name__} {value!r}")
        value = Decimal(value)
    if not value.is_finite():
        raise FecValueError(f"{field}: {value} is not a finite amount")
    if value != value.quantize(_CENT):
        raise FecValueError(f"{field}: {value} has fractions of a cent")
    if value > _AMOUNT_MAX or value < _AMOUNT_MIN:
        raise FecValueError(f"{field}: {value} is outside the FEC amount range (AMT-12)")
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def format_date(value: _dt.date | None, field: str = "date") -> str:
    """Format a date as ``YYYYMMDD``; ``None`` -> empty."""
    if value is None:
        return ""
    if not isinstance(value, _dt.date):
        raise TypeError(f"{field}: dates must be datetime.date, got {type(value).__name__} {value!r}")
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def format_bool(value: bool | None) -> str:
    """``True`` -> ``X``; anything falsy -> empty."""
    return "X" if value else ""


def format_int(value: int | None, field: str = "number") -> str:
    """Format a whole number (amendment number, year); ``None`` -> empty."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field}: expected int, got {type(value).__name__} {value!r}")
    return str(value)


def format_text(value: str | None, max_len: int, kind: Kind, field: str = "field") -> str:
    """Sanitise a text-like value and apply the per-kind length rule (truncate or raise)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected str, got {type(value).__name__} {value!r}")
    text = sanitize(value)
    if kind is Kind.ZIP:
        text = text.replace("-", "").replace(" ", "")
    if kind is Kind.CODE or kind is Kind.ZIP:
        text = text.upper()
    if len(text) > max_len:
        if kind is Kind.TEXT:
            return text[:max_len].rstrip(" ")
        raise FecValueError(f"{field}: {text!r} is {len(text)} characters; the FEC allows {max_len}")
    return text


def format_value(value: object, max_len: int, kind: Kind, field: str = "field") -> str:
    """Format any field value according to its kind (the general, slower path)."""
    if kind is Kind.AMOUNT:
        return format_amount(value, field)  # type: ignore[arg-type]
    if kind is Kind.DATE:
        return format_date(value, field)  # type: ignore[arg-type]
    if kind is Kind.BOOL:
        return format_bool(value)  # type: ignore[arg-type]
    if kind is Kind.INT:
        text = format_int(value, field)  # type: ignore[arg-type]
        if len(text) > max_len:
            raise FecValueError(f"{field}: {text} is longer than {max_len} digits")
        return text
    return format_text(value, max_len, kind, field)  # type: ignore[arg-type]


F99_TEXT_MAX = 20000
BEGIN_TEXT = "[BEGINTEXT]"
END_TEXT = "[ENDTEXT]"
_MARKERS = {"[BEGINTEXT]", "[BEGIN TEXT]", "[ENDTEXT]", "[END TEXT]"}


def f99_text_lines(text: str) -> list[str]:
    """A Form 99 body as the rows written between ``[BEGINTEXT]`` and ``[ENDTEXT]``: each line sanitised (see
    :func:`sanitize`), trailing empty lines dropped. Refuses an empty body, one over 20,000 characters (counted as
    the lines joined by line feeds; a letter to the FEC is never cut short) and a line that is itself a marker."""
    if not isinstance(text, str):
        raise TypeError(f"message_text: expected str, got {type(text).__name__}")
    lines = [sanitize(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise FecValueError("message_text: the Form 99 text is empty")
    size = len("\n".join(lines))
    if size > F99_TEXT_MAX:
        raise FecValueError(f"message_text: {size} characters; the FEC allows {F99_TEXT_MAX}")
    for number, line in enumerate(lines, start=1):
        if line.upper() in _MARKERS:
            raise FecValueError(f"message_text: line {number} is the marker {line!r}, which would end the text")
    return lines
