"""File storage for every generated artifact (report files today): the local filesystem on a laptop, an
S3-compatible bucket (AWS S3, MinIO, ...) when several machines run the service.

Code only ever uses Django's storage API (``default_storage``), so a worker writes a report on one machine
and any web process serves it. S3 is on when ``STORAGE_URL=s3://BUCKET[/PREFIX]`` or ``S3_BUCKET`` is set.

Downloads: by default the web process streams the object from the bucket (staff auth is checked by us, the
bucket stays private and needs no public endpoint: a MinIO on an internal network works). With
``S3_DOWNLOAD_REDIRECT=true`` the download answers 302 to a presigned URL valid ``S3_SIGNED_URL_EXPIRY``
seconds, which offloads large files from the web process when browsers can reach the bucket."""

from urllib.parse import urlsplit

from config.env import env
from config.settings.paths import VAR_DIR

STORAGE_URL = env.str("STORAGE_URL", default="")
_url = urlsplit(STORAGE_URL)
if STORAGE_URL and _url.scheme not in ("s3", "file"):
    raise ValueError("STORAGE_URL must be s3://BUCKET[/PREFIX] or file:///PATH")

S3_BUCKET = env.str("S3_BUCKET", default=_url.netloc if _url.scheme == "s3" else "")
S3_PREFIX = env.str("S3_PREFIX", default=_url.path.strip("/") if _url.scheme == "s3" else "")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None  # MinIO / other S3-compatible; None = AWS
S3_REGION = env.str("S3_REGION", default=env.str("AWS_DEFAULT_REGION", default="us-east-1"))
S3_SIGNED_URL_EXPIRY = env.int("S3_SIGNED_URL_EXPIRY", default=300)
S3_DOWNLOAD_REDIRECT = env.bool("S3_DOWNLOAD_REDIRECT", default=False)
# Path-style addressing (http://host/bucket/key) is what MinIO and most S3-compatible servers expect.
S3_ADDRESSING_STYLE = env.str("S3_ADDRESSING_STYLE", default="path" if S3_ENDPOINT_URL else "virtual")

MEDIA_ROOT = _url.path if _url.scheme == "file" else env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "media/"

if S3_BUCKET:
    _s3_options = {
        "bucket_name": S3_BUCKET,
        "location": S3_PREFIX,
        "endpoint_url": S3_ENDPOINT_URL,
        "region_name": S3_REGION,
        "addressing_style": S3_ADDRESSING_STYLE,
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,  # url() gives presigned URLs ...
        "querystring_expire": S3_SIGNED_URL_EXPIRY,  # ... valid this many seconds
        "file_overwrite": True,  # report paths are unique per report; a rebuild replaces its own files
        "max_memory_size": 8 * 1024 * 1024,  # larger files spill to a temp file, never all in memory
    }
    # Keys from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); unset means boto3's own chain
    # (instance profile, IRSA, ~/.aws), which is what a cloud deployment should use.
    _access_key = env.str("AWS_ACCESS_KEY_ID", default="")
    if _access_key:
        _s3_options["access_key"] = _access_key
        _s3_options["secret_key"] = env.str("AWS_SECRET_ACCESS_KEY")
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
