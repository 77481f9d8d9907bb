"""Downloads from S3-compatible storage, in-process against moto's server: streamed by default, or a 302 to a
short-lived presigned URL with S3_DOWNLOAD_REDIRECT on."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests
from django.core.files.base import ContentFile

from fundraising.storage import storage_download_response
from tests.infra.conftest import BUCKET, S3_KEYS


@pytest.fixture
def s3_storage(s3_server, settings):
    settings.STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "location": f"unit-{os.getpid()}",
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_expire": 60,
                "access_key": S3_KEYS["AWS_ACCESS_KEY_ID"],
                "secret_key": S3_KEYS["AWS_SECRET_ACCESS_KEY"],
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.S3_SIGNED_URL_EXPIRY = 60
    from django.core.files.storage import default_storage

    return default_storage


def test_s3_download_streams_by_default_and_redirects_to_a_signed_url_when_asked(s3_storage, settings):
    data = os.urandom(700_000)  # several chunks
    name = s3_storage.save("reports/C00999999/1/F3N_YE.fec", ContentFile(data))

    settings.S3_DOWNLOAD_REDIRECT = False
    streamed = storage_download_response(
        name, filename="C00999999_F3N_YE_1.fec", content_type="application/octet-stream", as_attachment=True
    )
    assert streamed.status_code == 200
    assert streamed["Content-Length"] == str(len(data))
    assert streamed["Content-Disposition"] == 'attachment; filename="C00999999_F3N_YE_1.fec"'
    assert b"".join(streamed.streaming_content) == data

    settings.S3_DOWNLOAD_REDIRECT = True
    redirect = storage_download_response(
        name, filename="C00999999_F3N_YE_1.fec", content_type="application/octet-stream", as_attachment=True
    )
    assert redirect.status_code == 302
    url = redirect["Location"]
    assert "X-Amz-Expires=60" in url and "X-Amz-Signature=" in url
    fetched = requests.get(url, timeout=30)
    assert fetched.status_code == 200
    assert hashlib.sha256(fetched.content).hexdigest() == hashlib.sha256(data).hexdigest()
    assert "attachment" in fetched.headers.get("Content-Disposition", "")
    unsigned = requests.get(url.split("?", 1)[0], timeout=30)
    assert unsigned.status_code == 403  # the bucket is private: only the signed URL works
