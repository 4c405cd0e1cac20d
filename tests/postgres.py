"""A real PostgreSQL server for the team-database tests, started in a temporary folder on a
free loopback port and stopped afterwards. Skips (with the reason) where PostgreSQL is not
installed; `make setup` installs it."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    # initdb refuses to run as root; the server files then belong to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextmanager
def running_server() -> Iterator[str]:
    """Yields a server URL (no database) for user `qa`, trusted on 127.0.0.1."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="qa-desk-pg-"))
    data = folder / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                                    "-U", "qa", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {folder} -h 127.0.0.1 -F"
    subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(folder / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://qa@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast",
                                        "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url: str) -> str:
    import psycopg

    name = "qa_" + uuid.uuid4().hex[:12]
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    for attempt in range(50):
        try:
            with psycopg.connect(plain + "/postgres", autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            return f"{server_url}/{name}"
        except psycopg.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")
