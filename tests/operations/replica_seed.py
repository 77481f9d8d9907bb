"""Run by the replica test as a separate process on the private primary: ``seed`` creates a committee with gifts
and prints an API token; ``late`` records one more gift (the one the replica has not replayed yet)."""

import json
import sys

import django


def main() -> None:
    django.setup()
    from tests.auth import api_key
    from tests.compliance.helpers import house_committee, import_rows, person, row

    if sys.argv[1] == "seed":
        committee = house_committee()
        import_rows(committee, [
            row("contribution", f"A{n:04d}", f"2026-02-{1 + n % 27:02d}", f"{100 + n * 11}.00",
                **person(f"Donor{n}", f"Replica{n}", f"{n} Oak St", employer="Acme", occupation="Engineer"))
            for n in range(40)
        ])  # fmt: skip
        print(json.dumps({"token": api_key(committee)}))
    else:
        from committees.models import Committee

        committee = Committee.objects.get(fec_id="C00999999")
        late = person("Late", "Arrival", "9 Pine St", employer="Acme", occupation="Pilot")
        import_rows(committee, [row("contribution", "A9999", "2026-03-30", "777.00", **late)])


if __name__ == "__main__":
    main()
