import pytest


@pytest.fixture
def emulator(fec_emulator):  # noqa: ANN001, ANN201
    """The session's FEC emulator, forgotten between tests (passwords, forced rejections, submissions)."""
    fec_emulator.reset()
    fec_emulator.set_processing_polls(1)
    yield fec_emulator
    fec_emulator.reset()
