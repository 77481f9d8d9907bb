import pytest


@pytest.fixture(autouse=True)
def _report_storage(settings, tmp_path):
    """Report files in a per-test folder; HDR software pinned like the compliance tests."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FEC_SOFTWARE_NAME = "ExampleSoft"
    settings.FEC_SOFTWARE_VERSION = "0.1.0"
