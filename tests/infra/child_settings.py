"""Settings for the processes the multi-machine tests start: the test settings (whose cache is already the
shared Redis one), plus what a deployment on several machines turns on (pooled PostgreSQL connections; S3
storage and JSON logs come from the environment), and a broker key prefix so these workers never share a
queue with the suite's own worker on the same Redis database."""

from config.env import env
from config.settings.components.database import database_settings
from config.settings.test import *  # noqa: F403
from config.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES

DATABASES["default"] = database_settings(env.str("DATABASE_URL"), pool=True)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "global_keyprefix": env.str("INFRA_BROKER_PREFIX", default=""),
}
