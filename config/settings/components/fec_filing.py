"""Electronic filing with the FEC (compliance/filing/gateway.py): the upload service's base URL and the
software's API key (test or production endpoint: whichever FEC_FILING_URL names), the agency id sent with each
upload, how often a submission's status is polled. With no FEC_FILING_URL, the bundled emulator (fec_emulator/)."""

from config.env import env

FEC_EMULATOR_URL = env.str("FEC_EMULATOR_URL", default="http://127.0.0.1:12112")
FEC_FILING_URL = env.str("FEC_FILING_URL", default=FEC_EMULATOR_URL)
FEC_FILING_API_KEY = env.str("FEC_FILING_API_KEY", default="fec-emulator-key")
FEC_AGENCY_ID = env.str("FEC_AGENCY_ID", default="FEC")
FEC_FILING_TIMEOUT_SECONDS = env.float("FEC_FILING_TIMEOUT_SECONDS", default=30.0)
FEC_FILING_POLL_SECONDS = env.float("FEC_FILING_POLL_SECONDS", default=30.0)
FEC_FILING_MAX_POLLS = env.int("FEC_FILING_MAX_POLLS", default=240)
# Seals the committees' filing passwords (fundraising/sealing.py); production requires it.
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")
