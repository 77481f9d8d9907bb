"""Where the embedded defaults keep their files (SQLite database, filesystem broker, media)."""

from pathlib import Path

from config.env import BASE_DIR, env

VAR_DIR = Path(env.str("FUNDRAISING_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
