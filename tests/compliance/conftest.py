import pytest


@pytest.fixture(autouse=True)
def _report_storage(request, settings, tmp_path):
    """Report files go to a per-test folder; HDR software name/version pinned like the worked examples.
    Tests on the real services keep the default storage: the Celery worker process writes there."""
    if request.node.get_closest_marker("services"):
        return
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FEC_SOFTWARE_NAME = "ExampleSoft"
    settings.FEC_SOFTWARE_VERSION = "0.1.0"
