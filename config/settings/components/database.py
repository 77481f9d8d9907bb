"""Database: one PostgreSQL for every web and worker process, reached through a per-process connection pool.

PostgreSQL: psycopg's pool (Django's ``OPTIONS["pool"]``), on by default. Django requires ``CONN_MAX_AGE=0``
with a pool: a request borrows a connection and gives it back when it ends, and the pool keeps a few open.
Health checks: the pool checks a connection before lending it (``CONN_HEALTH_CHECKS``), so a connection cut by
a failover or an idle timeout is replaced instead of failing the request. Each process has its own pool:
total connections = processes x ``DATABASE_POOL_MAX_SIZE``; keep that under PostgreSQL's ``max_connections``
(or put PgBouncer in front). With ``DATABASE_POOL=false``: persistent connections (``DATABASE_CONN_MAX_AGE``).

SQLite (the laptop default): no pool; the web process and the worker share the file and wait for its lock."""

from typing import Any

from config.env import env
from config.settings.paths import VAR_DIR


def database_settings(url: str, *, pool: bool | None = None) -> dict[str, Any]:
    """The ``DATABASES["default"]`` entry for ``url``; ``pool`` None means "from DATABASE_POOL" (default on)."""
    config: dict[str, Any] = env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The laptop demo: web, worker and beat write at once. A transaction takes the write lock when it begins
        # (a deferred one that reads first fails at once with "database is locked" when it tries to write) and
        # waits up to 20 s for it; WAL lets readers go on while one process writes.
        options["timeout"] = 20
        options["transaction_mode"] = "IMMEDIATE"
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        return config
    config["CONN_HEALTH_CHECKS"] = True
    if env.bool("DATABASE_POOL", default=True) if pool is None else pool:
        config["CONN_MAX_AGE"] = 0  # required by Django's pool: connections go back to the pool, not kept
        options["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=4),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),  # wait for a free connection, then fail
            "max_idle": env.float("DATABASE_POOL_MAX_IDLE", default=300.0),
            "max_lifetime": env.float("DATABASE_POOL_MAX_LIFETIME", default=1800.0),
        }
    else:
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    return config


DATABASES = {"default": database_settings(env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
