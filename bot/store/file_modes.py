"""Owner-only file modes for the database, its folder, its WAL/SHM files and backups.

SQLite creates the `-wal`, `-shm` and `-journal` files with the mode of the database file, so the
database file is created 0600 before SQLite first opens it; files left 0644 by older versions are
tightened whenever studybot opens the database. A folder studybot creates is 0700; an existing
folder is left as it is (it may be shared, e.g. the working directory) and `doctor` reports it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
log = logging.getLogger("studybot.store")


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) when missing; the folder itself gets mode 0700."""
    if folder.is_dir():
        return
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 when it does not exist (an existing file is kept)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def database_files(db_path: Path) -> list[Path]:
    """The database file and whichever of its WAL, SHM and journal files exist."""
    candidates = [db_path, *(db_path.with_name(db_path.name + s) for s in SIDE_SUFFIXES)]
    return [p for p in candidates if p.exists()]


def restrict(path: Path) -> None:
    """Remove group and other access from `path`; logs (never raises) when that is not allowed."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cannot make %s owner-only (%s); run chmod 600 %s as its owner", path, exc, path)


def prepare_database(db_path: Path) -> None:
    """Before SQLite opens `db_path`: folder 0700 and file 0600 when new, existing files tightened."""
    db_path = Path(db_path)
    make_folder(db_path.parent)
    create_private_file(db_path)
    secure_database(db_path)


def secure_database(db_path: Path) -> None:
    """Make the database file and its WAL/SHM/journal files owner-only (0600)."""
    for path in database_files(Path(db_path)):
        restrict(path)
