"""Cache: Redis, shared by every process, whenever ``CACHE_URL`` (or ``REDIS_URL``) is set.

Anything another process must see (rate-limit counters, cached values, short locks) lives in the shared
cache or in PostgreSQL, never in a process's memory. The per-process local-memory cache is only the laptop
default, where there is one web process."""

from config.env import env

CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="fundraising"),
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif CACHE_URL:
    raise ValueError(f"CACHE_URL must be a redis:// URL, not {CACHE_URL.split(':', 1)[0]}://")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fundraising"}}
