"""Settings of the processes the fault tests start: the multi-machine test settings (pooled connections), a
PostgreSQL application_name from DB_APPLICATION_NAME, and no broker key prefix (each test has its own Redis)."""

from config.env import env
from tests.infra.child_settings import *  # noqa: F403
from tests.infra.child_settings import DATABASES

DATABASES["default"]["OPTIONS"]["application_name"] = env.str("DB_APPLICATION_NAME", default="fundraising-faults")
