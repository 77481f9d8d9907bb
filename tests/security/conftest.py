import pytest


@pytest.fixture(autouse=True)
def _report_storage(request, settings, tmp_path):
    """Report files go to a per-test folder (tests on the real services keep the worker's storage)."""
    if request.node.get_closest_marker("services"):
        return
    settings.MEDIA_ROOT = str(tmp_path / "media")
