"""The repository stands on its own: a fresh clone with nothing beside it has every file a test or the app reads.

No tracked source or build file names a path outside the repository (a sibling ``../shared`` folder, the build
machine's ``/work/``, a home directory, or ``Path(__file__)`` climbed above the repository root), and the
reference material the tests read instead (``tests/reference/``) is complete, described and unmodified."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "tests" / "reference"
# Code and build files: what runs, and what decides what runs.
TRACKED = ["*.py", "Makefile", ".ci/*", "scripts/*", "*.toml", "*.cfg", "*.ini", "*.sh", "Dockerfile", "*.yml"]

FORBIDDEN = [
    (re.compile(r"\.\./+shared\b"), "a sibling shared/ folder"),
    (re.compile(r"/work/"), "the build machine's /work/"),
    (re.compile(r"/\s*[\"']shared[\"']"), "a shared/ folder outside the repository"),
    (re.compile(r"[\"'](?:/home|/Users|/mnt|/srv)/"), "a home or mount directory"),
    (re.compile(r"\b(?:REPO|REPO_ROOT|ROOT|BASE_DIR)\.parent\b"), "the folder above the repository"),
]
PARENT_CHAIN = re.compile(r"Path\(__file__\)(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent\b)+)")
PARENTS_INDEX = re.compile(r"Path\(__file__\)(?:\.resolve\(\)|\.absolute\(\))?\.parents\[(\d+)\]")


def outside_paths(relative: str, text: str) -> list[str]:
    """Each place in ``text`` (the file at ``relative`` in the repository) that names a path outside it."""
    depth = len(Path(relative).parts)  # Path(__file__) climbed `depth` times is the repository root
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in FORBIDDEN:
            if pattern.search(line):
                found.append(f"{relative}:{number}: {what}: {line.strip()}")
        for match in PARENT_CHAIN.finditer(line):
            if match.group(1).count(".parent") > depth:
                found.append(f"{relative}:{number}: climbs above the repository root: {line.strip()}")
        for match in PARENTS_INDEX.finditer(line):
            if int(match.group(1)) + 1 > depth:
                found.append(f"{relative}:{number}: climbs above the repository root: {line.strip()}")
    return found


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--", *TRACKED], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    this = str(Path(__file__).resolve().relative_to(REPO))
    return [name for name in listing.split("\0") if name and name != this and (REPO / name).is_file()]


def test_no_tracked_source_names_a_path_outside_the_repository() -> None:
    files = tracked_files()
    assert "Makefile" in files and ".ci/run" in files and "manage.py" in files, files[:20]
    problems = []
    for name in files:
        problems += outside_paths(name, (REPO / name).read_text(encoding="utf-8", errors="replace"))
    assert problems == [], "\n".join(problems)


def test_the_checker_finds_each_way_out() -> None:
    bad = [
        'FIXTURES = REPO.parent / "shared" / "stripe" / "fixtures3.json"',
        'open("../shared/fec/schemas/F3.json")',
        'for candidate in (Path("/work/shared"),):',
        'HOME = Path("/home/someone/data")',
        "ROOT = Path(__file__).resolve().parent.parent.parent",
        "ROOT = Path(__file__).parents[2]",
        'x = BASE_DIR.parent / "elsewhere"',
    ]
    for line in bad:
        assert outside_paths("tests/x.py", line), line
    good = [
        "REPO = Path(__file__).resolve().parent.parent",
        "REPO = Path(__file__).resolve().parents[1]",
        'REFERENCE = Path(__file__).resolve().parent / "reference"',
        "from celery import shared_task",
        '"""Settings shared by every environment."""',
    ]
    for line in good:
        assert outside_paths("tests/x.py", line) == [], line
    assert outside_paths("tests/infra/x.py", "REPO = Path(__file__).resolve().parent.parent.parent") == []


def _manifest() -> dict[str, str]:
    lines = (REFERENCE / "SHA256SUMS").read_text().splitlines()
    return {name.strip(): digest for digest, name in (line.split(maxsplit=1) for line in lines if line.strip())}


def test_reference_files_are_listed_and_unmodified() -> None:
    manifest = _manifest()
    data = {
        str(path.relative_to(REFERENCE))
        for path in REFERENCE.rglob("*")
        if path.is_file() and path.name not in {"SHA256SUMS", "SOURCE.md", "README.md", ".gitattributes"}
    }
    assert data == set(manifest), "tests/reference/SHA256SUMS must list every data file there, and only those"
    changed = [
        name
        for name, digest in manifest.items()
        if hashlib.sha256((REFERENCE / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == [], f"changed since copied (or line ends converted): {changed}"


def test_every_reference_set_says_where_it_comes_from() -> None:
    sets = {path.parent for path in REFERENCE.rglob("*") if path.is_file() and path.parent != REFERENCE}
    sets = {folder for folder in sets if not any(parent in sets for parent in folder.parents)}
    assert sets, "no reference data found"
    for folder in sorted(sets):
        source = folder / "SOURCE.md"
        assert source.is_file(), f"{folder.relative_to(REPO)} has no SOURCE.md"
        text = source.read_text()
        assert re.search(r"licen[cs]e|public domain|this project", text, re.IGNORECASE), source
