"""Normalised identity keys, so one person giving twice is one donor.

"JANE Q. DOE, 123 North Main Street Apt 4, 20001-1234" and "Jane Doe, 123 N Main St #4, 20001" give the same key:
case, punctuation, whitespace, middle names and initials and ZIP+4 are ignored, and street line 1 is normalised to
USPS Publication 28 by usaddress-scourgify (directionals, street suffixes and unit designators abbreviated: NORTH ->
N, STREET -> ST, SUITE -> STE). A unit counts by its number alone ("APT 4", "UNIT 4" and "# 4" are one unit).

Addresses scourgify cannot parse (PO boxes, rural routes, highway contract routes, a street without a number)
fall back to ``_fallback_street``: a box or route is spelled the Publication 28 way from usaddress's tags
("P.O. Box 12" and "Post Office Box 12" -> "PO BOX 12"; "Rural Route 2, Box 45" -> "RR 2 BOX 45"), anything else
is its words in upper case without punctuation, so such an address still matches itself.

Changing what a key is re-keys the stored donors: see donations/services/rekey.py (run by migration 0009).
"""

from __future__ import annotations

import re

import usaddress
from scourgify import normalize_address_record
from scourgify.address_constants import OCCUPANCY_TYPE_ABBREVIATIONS
from scourgify.exceptions import AddressNormalizationError
from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")
# Unit designators as Publication 28 abbreviates them (scourgify's own table), and "#" (designator unknown).
_UNIT_WORDS = frozenset(OCCUPANCY_TYPE_ABBREVIATIONS.values()) | {"#"}
# Publication 28 section 29 spellings of the box-route types scourgify leaves to the caller.
_ROUTE_TYPES = {"RR": "RR", "RURALROUTE": "RR", "RFD": "RR", "HC": "HC", "HCR": "HC", "HIGHWAYCONTRACT": "HC"}


def _words(value: str) -> list[str]:
    text = unidecode(value or "").upper().replace("#", " ")
    return _NON_ALNUM.sub(" ", text.replace(".", "").replace("'", "")).split()


def normalize_name(value: str) -> str:
    return "".join(_words(value))


def _unit(line_2: str) -> str:
    """ "APT # 4" -> "4", "STE 200-B" -> "200B", "UNIT REAR" -> "REAR": the unit without its designator."""
    tokens = (line_2 or "").split()
    while len(tokens) > 1 and tokens[0] in _UNIT_WORDS:
        tokens = tokens[1:]
    return normalize_name(" ".join(tokens))


def _fallback_street(value: str) -> str:
    """A street line scourgify cannot parse: a box or route the Publication 28 way, else its words."""
    try:
        tags, kind = usaddress.tag(unidecode(value))
    except usaddress.RepeatedLabelError:
        tags, kind = {}, ""
    if kind == "PO Box" and tags.get("USPSBoxID"):
        group = normalize_name(tags.get("USPSBoxGroupType") or tags.get("SubaddressType", ""))
        group_id = normalize_name(tags.get("USPSBoxGroupID") or tags.get("SubaddressIdentifier", ""))
        box = f"BOX {normalize_name(tags['USPSBoxID'])}"
        if not group:
            return f"PO {box}"
        return f"{_ROUTE_TYPES.get(group, group)} {group_id} {box}".replace("  ", " ")
    return " ".join(_words(value))


def normalize_street(value: str) -> str:
    """Street line 1 as Publication 28 spells it, the unit (if any) after " #" by its number alone."""
    if not (value or "").strip():
        return ""
    try:
        parsed = normalize_address_record(unidecode(value))
    except (AddressNormalizationError, usaddress.RepeatedLabelError):
        return _fallback_street(value)
    street = " ".join(_words(parsed.get("address_line_1") or ""))
    unit = _unit(parsed.get("address_line_2") or "")
    return f"{street} #{unit}" if unit else street


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
