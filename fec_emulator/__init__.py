"""A stand-in for the FEC's electronic filing upload service ("EFO webload"), for the tests and the offline demo.

It speaks the protocol compliance/filing/gateway.py uses (``POST /webload/upload``, ``GET /webload/status/<id>``),
checks the API key and the committee's filing password, validates the uploaded .fec with the project's FEC
schemas (compliance/fec/validation.py) and the ``fecfile`` parser, and answers ``PROCESSING`` first, then
``ACCEPTED`` with a filing id ``FEC-nnnnnnn`` or ``REJECTED`` with messages. Test controls under ``/_emulator``."""
