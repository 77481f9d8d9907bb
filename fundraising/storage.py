"""Serving stored files (report files today) from any web process: the bytes come from ``default_storage``
(the filesystem on a laptop, an S3-compatible bucket on several machines), never from a worker's disk.

With S3, the object body is streamed from the bucket in chunks (a multi-gigabyte .fec never sits in the
web process's memory or disk), or, with ``S3_DOWNLOAD_REDIRECT=true``, the answer is a 302 to a presigned URL
that expires after ``S3_SIGNED_URL_EXPIRY`` seconds."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

CHUNK = 256 * 1024


def _is_s3() -> bool:
    return hasattr(default_storage, "bucket")  # django-storages' S3Storage


def storage_download_response(
    name: str, *, filename: str, content_type: str, as_attachment: bool
) -> FileResponse | HttpResponseRedirect:
    """The HTTP answer that hands the stored file ``name`` to the client as ``filename``."""
    if _is_s3():
        disposition = content_disposition_header(as_attachment, filename)
        if settings.S3_DOWNLOAD_REDIRECT:
            url = default_storage.url(
                name,
                parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
                expire=settings.S3_SIGNED_URL_EXPIRY,
            )
            return HttpResponseRedirect(url)
        stored = default_storage.open(name, "rb")  # HEAD only; nothing is downloaded yet
        body = stored.obj.get()["Body"]
        response = FileResponse(body.iter_chunks(CHUNK), content_type=content_type)
        response["Content-Length"] = str(stored.obj.content_length)
        response["Content-Disposition"] = disposition
        return response
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
    )
