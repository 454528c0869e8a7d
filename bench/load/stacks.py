"""The two stacks the load bench runs against, started on loopback and stopped afterwards.

- `DevStack`: `make run`'s launcher (factcheck.devrun: runserver, the Celery workers, the
  embedded Redis, SQLite) in a fresh var folder on a free port.
- `ProdStack`: the README's production stack: PostgreSQL 15 (Debian's binaries, run as the
  `postgres` user, as .ci/run does), Debian's redis-server with an append-only file, gunicorn
  with DEBUG off and the README's Celery processes. Nothing supervises them in production but
  the service manager; here `restart_worker` plays that part after a fault run kills one.

Both run the code of `app_dir` (the tree under test) with this virtualenv's Python.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PYTHON = sys.executable
PGBIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, headers: dict | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers or {})  # noqa: S310  http only
            with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _group_stop(process: subprocess.Popen, sig=signal.SIGTERM, grace: float = 30) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def group_leaders(marker: str, needle: str) -> list[int]:
    """Process-group leaders whose command line holds `needle` and environment `marker`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if needle not in command:
                continue
            if marker not in command and marker.encode() not in (proc / "environ").read_bytes():
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == int(proc.name):
            found.append(int(proc.name))
    return found


class Stack:
    name = ""
    https = False

    def __init__(self, app_dir: Path, work: Path, log_dir: Path):
        self.app_dir, self.work, self.log_dir = app_dir, work, log_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "VIRTUAL_ENV"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="factcheck.settings",
            FACTCHECK_VAR_DIR=str(work / "var"),
            MEDIA_ROOT=str(work / "media"),
            PYTHONPATH=str(app_dir),
            # Fault runs need the sweep sooner than a newsroom does (60 s / 30 s by default).
            JOB_SWEEP_SECONDS="10",
            JOB_SWEEP_GRACE_SECONDS="15",
            THROTTLE_USER="100000/min",
        )
        self.processes: list[subprocess.Popen] = []

    def log(self, name: str):
        return (self.log_dir / f"{self.name}-{name}.log").open("a")

    def run(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [PYTHON, *args], cwd=self.app_dir, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result.stdout

    def spawn(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        process = subprocess.Popen(
            command, cwd=self.app_dir, env={**self.env, **env}, stdout=self.log(name),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def answers(self) -> bool:
        try:
            wait_http(f"{self.base}/accounts/login/", 10, self.headers())
            return True
        except RuntimeError:
            return False

    def headers(self) -> dict:
        return {"X-Forwarded-Proto": "https"} if self.https else {}

    def stop(self) -> None:
        for process in reversed(self.processes):
            _group_stop(process)
        self.processes.clear()


class DevStack(Stack):
    name = "make-run"

    def start(self) -> None:
        (self.work / "var").mkdir(parents=True, exist_ok=True)
        self.launcher = self.spawn(
            "devrun", [PYTHON, "-m", "factcheck.devrun", "--port", str(self.port), "--noreload"]
        )
        wait_http(f"{self.base}/accounts/login/", 300)
        time.sleep(5)  # the workers finish starting

    def worker_pid(self, queue: str) -> int | None:
        marker = str(self.work / "var")
        leaders = group_leaders(marker, f"-n {queue}@") or group_leaders(marker, "celery")
        return leaders[0] if leaders else None

    def kill_worker(self, queue: str) -> int | None:
        pid = self.worker_pid(queue)
        if pid:
            os.kill(pid, signal.SIGKILL)
        return pid

    def restart_worker(self, queue: str) -> None:
        """`make run` restarts it itself: wait for a new one."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.worker_pid(queue) is None:
            time.sleep(0.5)

    def redis_pid(self) -> int | None:
        leaders = group_leaders(str(self.work / "var"), "redis-server")
        return leaders[0] if leaders else None

    def stop_redis(self) -> None:
        pid = self.redis_pid()
        if pid:
            os.kill(pid, signal.SIGKILL)  # make run starts it again at once

    def start_redis(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.redis_pid() is None:
            time.sleep(0.5)

    def stop(self) -> None:
        for process in self.processes:  # Ctrl-C, as a terminal sends it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=60)
        super().stop()


class ProdStack(Stack):
    name = "production"
    https = True

    def __init__(self, app_dir: Path, work: Path, log_dir: Path, pg_port: int, redis_port: int):
        super().__init__(app_dir, work, log_dir)
        self.pg_port, self.redis_port = pg_port, redis_port
        self.pgdata = work / "pg"
        self.env.update(
            DEBUG="false",
            SECRET_KEY="load-bench-" + "s" * 50,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(work / "static"),
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{pg_port}/factcheck",
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        )
        self.workers: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        self.work.chmod(0o755)  # the postgres user reaches its data folder inside
        self._postgres()
        self.start_redis()
        self.run("manage.py", "migrate", "--noinput", "-v", "0")
        self.run("manage.py", "collectstatic", "--noinput", "-v", "0")
        self.spawn(
            "gunicorn",
            [PYTHON, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "4"],
        )  # fmt: skip
        for queue in self.worker_queues():
            self.restart_worker(queue)
        if self.split_queues():
            self.spawn("beat", [PYTHON, "-m", "celery", "-A", "factcheck", "beat", "-s",
                                str(self.work / "celerybeat-schedule")])  # fmt: skip
        wait_http(f"{self.base}/accounts/login/", 120, self.headers())
        time.sleep(5)

    def split_queues(self) -> bool:
        """The tree's Celery layout: separate queues (this branch) or one default queue."""
        settings = (self.app_dir / "factcheck" / "settings.py").read_text(encoding="utf-8")
        return "CELERY_TASK_ROUTES" in settings

    def worker_queues(self) -> list[str]:
        return ["imports", "exports"] if self.split_queues() else ["celery"]

    def restart_worker(self, queue: str) -> None:
        """Start (again) the worker for `queue`, as the service manager would."""
        command = [PYTHON, "-m", "celery", "-A", "factcheck", "worker", "--loglevel", "INFO"]
        if queue == "celery":  # the README's single worker before the queues were split
            command += ["--concurrency", "4"]
        elif queue == "imports":
            command += ["-Q", "imports", "-n", "imports@%h", "--concurrency", "2"]
        else:
            command += ["-Q", "exports,maintenance", "-n", "exports@%h", "--concurrency", "2"]
        old = self.workers.get(queue)
        if old is not None:
            _group_stop(old, signal.SIGKILL)
        self.workers[queue] = self.spawn(f"worker-{queue}", command)
        time.sleep(8 if old is not None else 0)

    def worker_pid(self, queue: str) -> int | None:
        process = self.workers.get(queue) or self.workers.get("celery")
        return process.pid if process and process.poll() is None else None

    def kill_worker(self, queue: str) -> int | None:
        queue = queue if queue in self.workers else "celery"
        process = self.workers[queue]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return process.pid

    def _postgres(self) -> None:
        shutil.rmtree(self.pgdata, ignore_errors=True)
        self.pgdata.mkdir(parents=True)
        shutil.chown(self.pgdata, "postgres", "postgres")
        pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*pg, str(PGBIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                        "-A", "trust", "--no-sync"], check=True, capture_output=True)  # fmt: skip
        subprocess.run(
            [*pg, str(PGBIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-l",
             str(self.pgdata / "server.log"), "-o",
             f"-c listen_addresses=127.0.0.1 -p {self.pg_port} -k {self.pgdata} "
             "-c max_connections=200", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port),
                        "-U", "postgres", "factcheck"], check=True)  # fmt: skip

    def stop_redis(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.redis_port), "shutdown"],
                       capture_output=True, check=False)  # fmt: skip

    def start_redis(self) -> None:
        subprocess.run(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--dir", str(self.work), "--appendonly", "yes", "--save", "",
             "--daemonize", "yes", "--logfile", str(self.work / "redis.log")],
            check=True,
        )  # fmt: skip
        for _ in range(100):
            ping = subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"],
                                  capture_output=True, text=True, check=False)  # fmt: skip
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)

    def psql(self, sql: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(PGBIN / "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
             "factcheck", "-c", sql], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        super().stop()
        self.workers.clear()
        self.stop_redis()
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D", str(self.pgdata),
             "-m", "fast", "-w", "stop"], capture_output=True, check=False,
        )  # fmt: skip
