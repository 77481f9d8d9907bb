from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"

    def ready(self) -> None:
        # Celery's autodiscovery imports each app's tasks.py only; the desk's tasks live in desk_tasks.py.
        from compliance import books_tasks, desk_tasks, tasks
        from compliance.desk.remedies import review_item_remedied
        from compliance.services.filing import filing_submission_queued
        from compliance.services.report_claims import report_queued
        from donations.signals import contribution_recorded, payout_settled

        # Compliance takes up each new gift itself: donations only announces it. The receivers only enqueue.
        contribution_recorded.connect(desk_tasks.contribution_recorded_receiver, dispatch_uid="compliance.review")
        review_item_remedied.connect(desk_tasks.review_item_remedied_receiver, dispatch_uid="compliance.letter")
        # A queued report is built by a worker: the report services announce it, the task layer queues the build.
        report_queued.connect(tasks.report_queued_receiver, dispatch_uid="compliance.report_build")
        # A settled payout's fees become operating expenditures (compliance.books.fees).
        payout_settled.connect(books_tasks.payout_settled_receiver, dispatch_uid="compliance.payout_fees")
        # A submission to the FEC is uploaded and polled by a worker (compliance.tasks.filing_submission_task).
        filing_submission_queued.connect(tasks.filing_submission_queued_receiver, dispatch_uid="compliance.filing")
