from rest_framework import serializers

from compliance.models import Report

REPORT_CODES = ["Q1", "Q2", "Q3", "YE", "12P", "12G", "12R", "12S", "12C", "30G", "30R", "30S", "MY", "MYE", "TER"] + [
    f"M{month}" for month in range(2, 13)
]


class ReportCreateInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    report_code = serializers.ChoiceField(choices=REPORT_CODES)
    coverage_from = serializers.DateField()
    coverage_through = serializers.DateField()
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
            "fec_filing_id",
            "filed_at",
            "created_at",
            "finished_at",
        ]
