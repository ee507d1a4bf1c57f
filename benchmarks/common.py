"""Helpers the benchmark scripts share: child processes that are always cleaned up, peak
memory of a whole process tree (from /proc), free ports, and the machine's state."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PAGE = os.sysconf("SC_PAGE_SIZE")


def tool(name: str) -> str:
    """A command of the project's virtualenv (the one running this script), else on PATH."""
    for candidate in (Path(sys.executable).parent / name, ROOT / ".venv" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run from the project's virtualenv")
    return found


# -- child processes ------------------------------------------------------------------------

_children: list[subprocess.Popen[Any]] = []


def start(command: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """Start a process in a session of its own, so that it and everything it starts can be
    stopped together (``stop``), and is stopped when this script exits in any way."""
    process = subprocess.Popen(list(command), start_new_session=True, **kwargs)
    _children.append(process)
    return process


def stop(process: subprocess.Popen[Any], timeout: float = 15.0) -> None:
    """SIGTERM to the process's group (it and its children), SIGKILL after ``timeout``."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # Workers of a process that exited on its own may linger in its group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    if process in _children:
        _children.remove(process)


def stop_all() -> None:
    for process in list(_children):
        stop(process)


def _on_signal(signum: int, _frame: Any) -> None:
    # Only unwind here: the handler may interrupt Popen.wait, which holds a lock that
    # stopping the processes needs. ``finally`` blocks and atexit stop them afterwards.
    raise SystemExit(128 + signum)


atexit.register(stop_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)


# -- memory of a process tree ---------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields follow the last ")"
        ppid = int(data[data.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    tree = _children_map()
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(tree.get(current, ()))
    return found


def _rss(pid: int) -> tuple[int, int]:
    """(RSS, anonymous RSS) of a process in bytes; (0, 0) once it is gone.

    RSS counts file pages mapped in, such as SQLite's memory-mapped database file: the
    anonymous part is the memory the process itself allocated."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            fields = statm.read().split()
        resident, shared = int(fields[1]), int(fields[2])
        return resident * PAGE, (resident - shared) * PAGE
    except (OSError, IndexError, ValueError):
        return 0, 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class TreeMemory:
    """Peak memory of a process tree, sampled every ``interval`` seconds.

    ``peak_rss``: the largest sum of RSS over the tree (counts pages shared between processes
    once per process, so it overstates); ``peak_pss``: the same with PSS (shared pages split
    between their users: the tree's real footprint); ``peak_anon``: the largest sum of
    anonymous (not file-backed) RSS; ``peak_single``: the largest RSS of one process;
    ``peak_processes``: the most processes seen at once.

    Cheap enough not to disturb what it measures (~1 % of a core): the tree is found by a
    scan of /proc once a second, RSS is read from ``statm`` every ``interval``, PSS (which
    walks the page tables) once a second."""

    pid: int
    interval: float = 0.1
    slow_interval: float = 1.0
    peak_rss: int = 0
    peak_pss: int = 0
    peak_anon: int = 0
    peak_single: int = 0
    peak_processes: int = 0
    peak_at: float = 0.0  # seconds after the start when the RSS sum peaked
    samples: int = 0
    # (seconds, RSS sum, anonymous sum, processes), once per slow interval
    timeline: list[tuple[float, int, int, int]] = field(default_factory=list)
    _started: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeMemory:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        pids: list[int] = []
        slow_due = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            slow = now >= slow_due
            if slow:
                pids = descendants(self.pid)
                slow_due = now + self.slow_interval
            self.sample(pids, pss=slow)
            self._stop.wait(self.interval)

    def sample(self, pids: list[int], *, pss: bool = True) -> None:
        sizes = [_rss(pid) for pid in pids]
        live = [rss for rss, _anon in sizes if rss]
        if not live:
            return
        self.samples += 1
        elapsed = time.monotonic() - self._started
        total, anon = sum(live), sum(anon for _rss, anon in sizes)
        if total > self.peak_rss:
            self.peak_rss, self.peak_at = total, elapsed
        self.peak_anon = max(self.peak_anon, anon)
        if pss:
            self.timeline.append((elapsed, total, anon, len(live)))
        self.peak_single = max(self.peak_single, max(live))
        self.peak_processes = max(self.peak_processes, len(live))
        if pss:
            self.peak_pss = max(self.peak_pss, sum(_pss(pid) for pid in pids))


# -- odds and ends ---------------------------------------------------------------------------


class TreeCpu:
    """CPU seconds of a process tree, read from /proc every ``interval`` seconds (each
    process's last reading: up to ``interval`` of its end is missed)."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.seconds: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def main(self) -> float:
        return self.seconds.get(self.pid, 0.0)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in descendants(self.pid):
                try:
                    with open(f"/proc/{pid}/stat", "rb") as stat:
                        data = stat.read()
                except OSError:
                    continue
                fields = data[data.rindex(b")") + 2 :].split()
                self.seconds[pid] = (int(fields[11]) + int(fields[12])) / self.TICK
            self._stop.wait(self.interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def busy_processes() -> list[str]:
    """Other processes using CPU right now (over 0.5 s): a benchmark on a shared machine
    should say what else was running. This script and what it started are left out."""
    exclude = {os.getpid()}
    for child in _children:
        exclude.update(descendants(child.pid))

    def times() -> dict[int, tuple[int, str]]:
        found = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    data = stat.read()
            except OSError:
                continue
            name = data[data.index(b"(") + 1 : data.rindex(b")")].decode(errors="replace")
            fields = data[data.rindex(b")") + 2 :].split()
            found[int(entry)] = (int(fields[11]) + int(fields[12]), name)
        return found

    before = times()
    time.sleep(0.5)
    after = times()
    ticks = os.sysconf("SC_CLK_TCK")
    busy = []
    for pid, (total, name) in after.items():
        if pid in exclude or pid not in before:
            continue
        share = (total - before[pid][0]) / ticks / 0.5
        if share >= 0.1:
            busy.append(f"{name}[{pid}] {share:.0%}")
    return busy


def machine_note() -> str:
    busy = busy_processes()
    note = f"load average {load_average()}, {os.cpu_count()} CPUs"
    return note + (f"; busy now: {', '.join(busy)}" if busy else "; no other busy process")


def write_timeline(memory: TreeMemory, path: Path) -> None:
    """The memory samples as CSV: seconds, RSS MB, anonymous MB, processes."""
    lines = ["seconds,rss_mb,anon_mb,processes"]
    lines += [
        f"{t:.1f},{rss / 1e6:.0f},{anon / 1e6:.0f},{n}" for t, rss, anon, n in memory.timeline
    ]
    path.write_text("\n".join(lines) + "\n")


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.0f} MB"


def directory_size(paths: Sequence[Path]) -> int:
    return sum(path.stat().st_size for path in paths if path.exists())


# The end of every wrk Lua script here: one line "RESULT {json}" with the run's figures
# (latencies in microseconds), which the scripts parse. Written for %-formatting.
# Timed imports run at the shell's priority: the benchmark measures the import's speed, and
# at its default niceness (10) anything else busy on a shared machine would take its CPU
# first. Older trees (``--src``) ignore the variable.
TIMED_IMPORT_ENV = {"DISCOGS_IMPORT_NICENESS": "0"}

WRK_REPORT = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %%d, \"duration_us\": %%d, \"bytes\": %%d, " ..
    "\"p50_us\": %%d, \"p90_us\": %%d, \"p95_us\": %%d, \"p99_us\": %%d, " ..
    "\"max_us\": %%d, \"mean_us\": %%.1f, " ..
    "\"connect\": %%d, \"read\": %%d, \"write\": %%d, \"status\": %%d, \"timeout\": %%d}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
  -- the latency at every half percent: windows of one run merge into one distribution
  local quantiles = {}
  for i = 1, 200 do quantiles[i] = string.format("%%d", latency:percentile(i / 2)) end
  io.write("QUANTILES " .. table.concat(quantiles, ",") .. "\n")
end
"""
