"""The pure FEC writer: typed rows in, .fec bytes out (format 8.5).

No Django imports here: callers (the report builder) pass typed records and a binary stream.

    from compliance.fec import Header, F3Cover, ScheduleA, write_fec, RecordValidator

    records = [Header(soft_name="Our App", soft_ver="1.2.0"), F3Cover(...), ScheduleA(...), ...]
    problems = validate_records(records)          # or RecordValidator("F3").errors(record)
    with open(path, "wb") as out:
        result = write_fec(records, out)          # WriteResult(sha256, record_count, byte_count)
"""

from compliance.fec.format import FecValueError, sanitize
from compliance.fec.records import (
    F65,
    F3Cover,
    F3PCover,
    F3XCover,
    F6Cover,
    F99Cover,
    F99Text,
    Header,
    Record,
    ScheduleA,
    ScheduleB,
    Text,
)
from compliance.fec.validation import RecordValidator, validate_records
from compliance.fec.writer import WriteResult, format_record, record_fields, write_fec, write_fec_bytes

__all__ = [
    "F65",
    "F3Cover",
    "F3PCover",
    "F3XCover",
    "F6Cover",
    "F99Cover",
    "F99Text",
    "FecValueError",
    "Header",
    "Record",
    "RecordValidator",
    "ScheduleA",
    "ScheduleB",
    "Text",
    "WriteResult",
    "format_record",
    "record_fields",
    "sanitize",
    "validate_records",
    "write_fec",
    "write_fec_bytes",
]
