"""Input and output shapes of the reports API. Every field says what it is (the OpenAPI schema shows it)."""

from rest_framework import serializers

from compliance.models import Report
from compliance.services.reports import REPORT_CODES


class ReportCreateInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    form = serializers.ChoiceField(
        choices=["F3", "F3X", "F3P"], required=False, help_text="Default: the committee's form"
    )
    report_code = serializers.ChoiceField(
        choices=REPORT_CODES, help_text="FEC report code: Q1-Q3, YE, MY, MYE, M2-M12, 12P/12G/…, 30G/…, TER"
    )
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="For default dates")
    coverage_from = serializers.DateField(required=False, help_text="Default: day after the previous report closed")
    coverage_through = serializers.DateField(required=False, help_text="Default: period end on the FEC calendar")
    election = serializers.RegexField(r"^[GPRSCEO]\d{4}$", required=False, help_text="For 12x/30x reports")


class ReportOutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id", help_text="Committee FEC id")
    form_type = serializers.CharField(help_text="Cover record type: F3N/F3XN/F3PN for an original, …A for an amendment")

    class Meta:
        model = Report
        fields = [
            "id",
            "committee",
            "form",
            "form_type",
            "report_code",
            "coverage_from",
            "coverage_through",
            "status",
            "progress",
            "summary",
            "errors",
            "fec_sha256",
            "csv_sha256",
            "summary_sha256",
            "amendment_number",
            "amendment_of",
            "needs_amendment",
            "date_signed",
            "signed_by",
            "fec_filing_id",
            "filed_at",
            "created_at",
            "finished_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "The report's id in this system"},
            "form": {"help_text": "F3 (House/Senate), F3X (PAC/party) or F3P (presidential)"},
            "report_code": {"help_text": "FEC report code (Q1, YE, 12G, 30G, M3 …)"},
            "coverage_from": {"help_text": "First day the report covers"},
            "coverage_through": {"help_text": "Last day the report covers (the close of books)"},
            "status": {"help_text": "queued, running, done (built and valid) or failed (see errors)"},
            "progress": {"help_text": "Percent of the build done (0-100)"},
            "summary": {
                "help_text": "Summary-page lines: col_a (this period) and col_b (cycle or year to date), keyed by line "
                '("11ai" = line 11(a)(i)), amounts as strings; line_items and records counts; warnings: '
                "problems that do not block the report, e.g. cash on hand not reconciled with a bank statement"
            },
            "errors": {"help_text": "Validation problems in plain words, each naming the record and transaction id"},
            "fec_sha256": {"help_text": "SHA-256 of the .fec file (when done)"},
            "csv_sha256": {"help_text": "SHA-256 of the line-items CSV (when done)"},
            "summary_sha256": {"help_text": "SHA-256 of the printable summary file (when done)"},
            "amendment_number": {"help_text": "0 for the original, 1, 2 … for amendments"},
            "amendment_of": {"help_text": "Id of the original report this one amends (null for an original)"},
            "needs_amendment": {"help_text": "True when a transaction dated in this filed report's period came later"},
            "date_signed": {"help_text": "Date signed on the cover (the .fec carries it)"},
            "signed_by": {"help_text": "Who signed the filing, recorded when marked filed (empty: nobody has signed)"},
            "fec_filing_id": {"help_text": "The FEC's filing id, once marked filed"},
            "filed_at": {"help_text": "When the report was marked filed (null: not filed)"},
            "created_at": {"help_text": "When the report was requested"},
            "finished_at": {"help_text": "When the build finished"},
        }
