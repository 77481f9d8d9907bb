"""The one module that owns the HTTP calls to the FEC's electronic filing upload service ("EFO webload").

Protocol, after FECfile Online (fecgov/fecfile-web-api, django-backend/fecfiler/web_services/dot_fec/
dot_fec_submitter.py and web_services/models.py): an upload carries a JSON payload (``committee_id``,
``password`` = the committee's electronic filing password, ``api_key``, ``agency_id``, ``email_1``/``email_2``,
``wait``, and ``amendment_id`` = the original filing's id for an amendment) with the .fec bytes; the FEC answers
``{submission_id, status, message, report_id}``, status ``PROCESSING`` / ``ACCEPTED`` / ``REJECTED``, and the
submission's status is then polled by ``submission_id`` until it is ``ACCEPTED`` (``report_id`` is the filing id,
``FEC-nnnnnnn``) or ``REJECTED`` (``message`` says why). FECfile calls those two operations through a SOAP
client; here they are two JSON/HTTP calls under ``FEC_FILING_URL`` (the bundled fec_emulator/ speaks them):

- ``POST {FEC_FILING_URL}/webload/upload``: the payload above, the file base64 in ``fec_file``;
- ``GET  {FEC_FILING_URL}/webload/status/{submission_id}`` (``X-Api-Key`` header).

Timeouts on every call; the status poll retries on connection errors and 502/503/504; the upload retries only
when the connection was never made (an upload is not idempotent). The password and the API key never reach a
log line, an exception message or a repr."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

ACCEPTED = "ACCEPTED"
PROCESSING = "PROCESSING"
REJECTED = "REJECTED"
STATUSES = (ACCEPTED, PROCESSING, REJECTED)


class FecFilingError(Exception):
    """The FEC's service could not be reached or gave an answer we cannot read (the message never holds a
    secret). ``retryable``: worth trying again later (network, 5xx); else a configuration problem."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class FecAnswer:
    submission_id: str
    status: str
    messages: list[str] = field(default_factory=list)
    filing_id: str = ""


@dataclass(frozen=True)
class FecUpload:
    """What one upload sends. ``password`` is kept out of the repr."""

    committee_id: str
    password: str = field(repr=False)
    fec_file: bytes = field(repr=False)
    amendment_id: str = ""
    emails: tuple[str, ...] = ()


def _session(retry: Retry) -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _base() -> str:
    return settings.FEC_FILING_URL.rstrip("/")


def _answer(response: requests.Response, *, what: str) -> FecAnswer:
    if response.status_code >= 500:
        raise FecFilingError(f"The FEC's filing service answered {response.status_code} to the {what}.", retryable=True)
    if response.status_code in (401, 403):
        raise FecFilingError(
            f"The FEC's filing service refused this software's API key ({response.status_code}): check "
            "FEC_FILING_API_KEY.",
            retryable=False,
        )
    try:
        body = response.json()
        status = str(body["status"]).upper()
        submission_id = str(body["submission_id"])
    except (ValueError, KeyError, TypeError):
        raise FecFilingError(
            f"The FEC's filing service gave an unreadable answer ({response.status_code}) to the {what}.",
            retryable=response.status_code == 429,
        ) from None
    if status not in STATUSES:
        raise FecFilingError(f"The FEC's filing service answered an unknown status {status!r}.", retryable=False)
    message = body.get("message") or ""
    messages = [line.strip() for line in str(message).splitlines() if line.strip()]
    filing_id = body.get("report_id") or ""
    return FecAnswer(submission_id=submission_id, status=status, messages=messages, filing_id=filing_id)


def fec_upload(upload: FecUpload) -> FecAnswer:
    """Send one .fec to the FEC. Raises FecFilingError when it did not get there (or the answer is unreadable)."""
    payload = {
        "committee_id": upload.committee_id,
        "password": upload.password,
        "api_key": settings.FEC_FILING_API_KEY,
        "agency_id": settings.FEC_AGENCY_ID,
        "email_1": upload.emails[0] if upload.emails else "",
        "email_2": upload.emails[1] if len(upload.emails) > 1 else "",
        "wait": False,
        "fec_file": base64.b64encode(upload.fec_file).decode("ascii"),
    }
    if upload.amendment_id:
        payload["amendment_id"] = upload.amendment_id
    # Only failures to connect are retried: a request that reached the FEC may have been received.
    session = _session(Retry(total=2, connect=2, read=0, status=0, other=0, backoff_factor=0.5))
    try:
        response = session.post(f"{_base()}/webload/upload", json=payload, timeout=settings.FEC_FILING_TIMEOUT_SECONDS)
    except requests.ConnectionError:
        raise FecFilingError("The FEC's filing service could not be reached.", retryable=True) from None
    except requests.Timeout:
        # The file may have arrived: the caller records the upload as interrupted rather than sending it again.
        raise FecFilingError("The FEC's filing service did not answer the upload in time.", retryable=False) from None
    except requests.RequestException as exc:
        raise FecFilingError(f"The upload to the FEC failed ({type(exc).__name__}).", retryable=False) from None
    finally:
        session.close()
    answer = _answer(response, what="upload")
    logger.info(
        "fec upload committee=%s submission=%s status=%s", upload.committee_id, answer.submission_id, answer.status
    )
    return answer


def fec_status(*, submission_id: str) -> FecAnswer:
    """The FEC's current answer about one submission."""
    retry = Retry(total=3, backoff_factor=0.5, status_forcelist=(502, 503, 504), allowed_methods={"GET"})
    session = _session(retry)
    try:
        response = session.get(
            f"{_base()}/webload/status/{submission_id}",
            headers={"X-Api-Key": settings.FEC_FILING_API_KEY},
            timeout=settings.FEC_FILING_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise FecFilingError(f"The FEC's status service failed ({type(exc).__name__}).", retryable=True) from None
    finally:
        session.close()
    if response.status_code in (502, 503, 504):
        raise FecFilingError(f"The FEC's status service answered {response.status_code}.", retryable=True)
    answer = _answer(response, what="status request")
    logger.info("fec status submission=%s status=%s", answer.submission_id, answer.status)
    return answer
