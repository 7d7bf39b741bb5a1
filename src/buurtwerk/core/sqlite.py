"""The SQLite database file holds every resident's data: only its owner may read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

PRIVATE_MODE = 0o600


def make_database_file_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every new connection (connection_created), take away group and world access.

    SQLite creates the file with the process umask, usually 0644; its journal and WAL files
    copy the mode of the database file, so they follow.
    """
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if connection.creation.is_in_memory_db(name):
        return
    path = Path(name)
    if path.exists() and stat.S_IMODE(path.stat().st_mode) != PRIVATE_MODE:
        os.chmod(path, PRIVATE_MODE)
