"""The demo's mailbox: every email `make run` sends (receipts, best-efforts requests, reminders, sign-in links)
is written to files by Django's file backend, and shown here, newest first, so a newcomer sees what donors and
staff would receive. Enabled only by ``DEMO_MAILBOX`` (the laptop settings turn it on; production refuses it)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

# Django's file backend writes each message followed by a line of 79 dashes.
_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class MailboxMessage:
    number: int
    sent: str
    to: str
    subject: str
    text: str
    html: str


def _parse(raw: bytes, number: int) -> MailboxMessage:
    message: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[assignment]
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return MailboxMessage(
        number=number,
        sent=str(message.get("Date", "")),
        to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")),
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
    )


def mailbox_messages() -> list[MailboxMessage]:
    """Every message in the folder, newest first (one file per mail connection, in the order written)."""
    folder = Path(settings.EMAIL_FILE_PATH)
    files = (
        sorted(folder.glob("*.log"), key=lambda path: (path.stat().st_mtime_ns, path.name)) if folder.is_dir() else []
    )
    raws = [chunk.strip(b"\n") for path in files for chunk in path.read_bytes().split(_SEPARATOR) if chunk.strip()]
    return [_parse(raw, number) for number, raw in reversed(list(enumerate(raws, start=1)))]


def _enabled() -> None:
    if not getattr(settings, "DEMO_MAILBOX", False):
        raise Http404("The mailbox is a demo feature.")


def mailbox(request: HttpRequest) -> HttpResponse:
    _enabled()
    return render(request, "mailbox/list.html", {"messages_sent": mailbox_messages()})


def mailbox_message(request: HttpRequest, number: int) -> HttpResponse:
    _enabled()
    found = [message for message in mailbox_messages() if message.number == number]
    if not found:
        raise Http404("No such message.")
    return render(request, "mailbox/message.html", {"message": found[0]})
