"""What the emulator checks in an uploaded .fec: ASCII, CRLF records, HDR first, the cover's committee id, every
record against the FEC's JSON schemas (the project's compliance/fec/validation.py) and a clean ``fecfile`` parse.
Returns the FEC-style rejection messages (empty: acceptable)."""

from __future__ import annotations

import warnings

import fecfile

from compliance.fec.format import FS
from compliance.fec.validation import RecordValidator, report_form_of

MAX_MESSAGES = 50


def fec_file_problems(data: bytes, *, committee_id: str) -> list[str]:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        return [f"The file is not ASCII (byte {exc.start})."]
    if not text.endswith("\r\n"):
        return ["Every record must end with CR LF."]
    lines = text.split("\r\n")[:-1]
    if len(lines) < 2 or not lines[0].startswith("HDR" + FS):
        return ["The file must start with an HDR record followed by the form's cover record."]
    cover = lines[1].split(FS)
    problems: list[str] = []
    if len(cover) < 2 or cover[1] != committee_id:
        problems.append(f"The filing's committee id does not match the committee id {committee_id} that submitted it.")
    validator = RecordValidator(report_form_of(cover[0]))
    for number, line in enumerate(lines, start=1):
        problems.extend(f"Record {number}: {message}" for message in validator.line_errors(line))
        if len(problems) >= MAX_MESSAGES:
            break
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fecfile.loads(text.replace("\r\n", "\n"))
        except Exception as exc:  # noqa: BLE001 (any parser failure is a rejection)
            problems.append(f"The file cannot be parsed ({type(exc).__name__}).")
    problems.extend(f"Parser warning: {w.message}" for w in caught)
    return problems[:MAX_MESSAGES]
