"""Create or update a committee and its elections from the command line."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.models import Committee
from compliance.services.committees import CommitteeInput, committee_create_or_update


def _election(value: str) -> tuple[str, dt.date]:
    code, _, day = value.partition(":")
    try:
        return code.strip().upper(), dt.date.fromisoformat(day.strip())
    except ValueError:
        raise CommandError(f"--election {value!r}: use CODE:YYYY-MM-DD, e.g. P2026:2026-06-16") from None


class Command(BaseCommand):
    help = "Create or update a committee (by FEC id) and its elections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fec-id", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, choices=[t.value for t in Committee.Type])
        parser.add_argument("--state", default="", help="Election state (House/Senate)")
        parser.add_argument("--district", default="", help="House district, two digits")
        parser.add_argument("--street", required=True)
        parser.add_argument("--street-2", default="")
        parser.add_argument("--city", required=True)
        parser.add_argument("--address-state", default="", help="Mailing address state (default: --state)")
        parser.add_argument("--zip", required=True)
        parser.add_argument("--treasurer-first", required=True)
        parser.add_argument("--treasurer-last", required=True)
        parser.add_argument("--election", action="append", default=[], help="CODE:YYYY-MM-DD, repeatable")
        parser.add_argument("--cash-on-hand", default=None, help="Cash on hand at --as-of, e.g. 1000.00")
        parser.add_argument("--as-of", default=None, help="YYYY-MM-DD the opening cash is counted at")
        parser.add_argument("--time-zone", default="America/New_York")
        parser.add_argument("--candidate-id", default="", help="Candidate FEC id, e.g. H6VA11000 (Form 6)")
        parser.add_argument("--candidate-first", default="")
        parser.add_argument("--candidate-last", default="")
        parser.add_argument("--candidate-office", default="", choices=["", "H", "S", "P"])
        parser.add_argument(
            "--multicandidate",
            choices=["Y", "N"],
            default=None,
            help="Qualified (multicandidate) committee, 11 CFR 100.5(e)(3): the Form 3X cover box",
        )
        parser.add_argument(
            "--senate-class", type=int, choices=[1, 2, 3], default=None, help="Senate seat class (its cycle)"
        )

    def handle(self, *args, **o) -> None:
        try:
            cash = Decimal(o["cash_on_hand"]) if o["cash_on_hand"] is not None else None
            as_of = dt.date.fromisoformat(o["as_of"]) if o["as_of"] else None
        except (InvalidOperation, ValueError) as exc:
            raise CommandError(f"--cash-on-hand / --as-of: {exc}") from None
        if cash is not None and as_of is None:
            raise CommandError("--cash-on-hand needs --as-of (the date it was counted).")
        address_state = (o["address_state"] or o["state"]).upper()
        if not address_state:
            raise CommandError("Give --state (or --address-state for a committee without an election state).")
        data = CommitteeInput(
            fec_id=o["fec_id"].upper(),
            name=o["name"],
            committee_type=o["type"],
            street_1=o["street"],
            street_2=o["street_2"],
            city=o["city"],
            state=address_state,
            zip_code=o["zip"],
            treasurer_first_name=o["treasurer_first"],
            treasurer_last_name=o["treasurer_last"],
            election_state=o["state"].upper() if o["type"] in ("house", "senate") else "",
            election_district=o["district"],
            time_zone=o["time_zone"],
            opening_cash_on_hand=cash,
            opening_cash_as_of=as_of,
            elections=[_election(value) for value in o["election"]],
            candidate_id=o["candidate_id"].upper(),
            candidate_first_name=o["candidate_first"],
            candidate_last_name=o["candidate_last"],
            candidate_office=o["candidate_office"],
            multicandidate=None if o["multicandidate"] is None else o["multicandidate"] == "Y",
            senate_class=o["senate_class"],
        )
        try:
            committee, created = committee_create_or_update(data=data, actor=None)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items())) from None
        elections = ", ".join(f"{e.code} {e.date:%Y-%m-%d}" for e in committee.elections.all())
        self.stdout.write(
            f"{'Created' if created else 'Updated'} {committee} ({committee.report_form} filer); "
            f"elections: {elections or 'none'}"
        )
