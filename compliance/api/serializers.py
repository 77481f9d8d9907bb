from rest_framework import serializers

from compliance.models import Report
from compliance.services.reports import REPORT_CODES


class ReportCreateInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    form = serializers.ChoiceField(
        choices=["F3", "F3X", "F3P"], required=False, help_text="Default: the committee's form"
    )
    report_code = serializers.ChoiceField(choices=REPORT_CODES)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="For default dates")
    coverage_from = serializers.DateField(required=False, help_text="Default: day after the previous report closed")
    coverage_through = serializers.DateField(required=False, help_text="Default: period end on the FEC calendar")
    election = serializers.RegexField(r"^[GPRSCEO]\d{4}$", required=False, help_text="For 12x/30x reports")


class ReportOutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id")
    form_type = serializers.CharField()

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
            "fec_filing_id",
            "filed_at",
            "created_at",
            "finished_at",
        ]
