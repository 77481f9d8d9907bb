"""Normalised identity keys, so one person giving twice is one donor.

"JANE Q. DOE, 12 Main St., 20001-1234" and "Jane Doe, 12 Main Street, 20001" give the same key: case,
punctuation, whitespace, middle names and initials, ZIP+4 and USPS street-suffix spellings are ignored.
"""

import re

from unidecode import unidecode

# USPS Publication 28 standard abbreviations for the suffixes and unit words seen most often.
_STREET_WORDS = {
    "STREET": "ST",
    "STR": "ST",
    "AVENUE": "AVE",
    "AV": "AVE",
    "AVEN": "AVE",
    "ROAD": "RD",
    "DRIVE": "DR",
    "BOULEVARD": "BLVD",
    "BOUL": "BLVD",
    "LANE": "LN",
    "COURT": "CT",
    "PLACE": "PL",
    "TERRACE": "TER",
    "CIRCLE": "CIR",
    "PARKWAY": "PKWY",
    "HIGHWAY": "HWY",
    "SQUARE": "SQ",
    "TRAIL": "TRL",
    "WAY": "WAY",
    "PLAZA": "PLZ",
    "POINT": "PT",
    "RIDGE": "RDG",
    "CROSSING": "XING",
    "EXPRESSWAY": "EXPY",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
    "APARTMENT": "APT",
    "SUITE": "STE",
    "BUILDING": "BLDG",
    "FLOOR": "FL",
    "ROOM": "RM",
    "UNIT": "UNIT",
    "NUMBER": "",
    "NO": "",
    "#": "",
    "POST": "PO",
    "OFFICE": "",
    "BOX": "BOX",
}
_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")


def _words(value: str) -> list[str]:
    text = unidecode(value or "").upper().replace("#", " ")
    return _NON_ALNUM.sub(" ", text.replace(".", "").replace("'", "")).split()


def normalize_name(value: str) -> str:
    return "".join(_words(value))


def normalize_street(value: str) -> str:
    words = [_STREET_WORDS.get(word, word) for word in _words(value)]
    return " ".join(word for word in words if word)


def zip5(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits[:5].zfill(5) if digits else ""


def individual_match_key(*, first_name: str, last_name: str, street_1: str, zip_code: str) -> str:
    """First and last name (middle names and initials ignored), street line 1, ZIP5."""
    first = _words(first_name)
    return "|".join(
        ["IND", first[0] if first else "", normalize_name(last_name), normalize_street(street_1), zip5(zip_code)]
    )


def organization_match_key(*, entity_type: str, organization_name: str, committee_fec_id: str, zip_code: str) -> str:
    if committee_fec_id:
        return f"{entity_type}|{committee_fec_id.upper()}"
    return "|".join([entity_type, normalize_name(organization_name), zip5(zip_code)])
