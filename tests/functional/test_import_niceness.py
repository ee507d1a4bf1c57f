"""``discogs-service import`` runs at a lower CPU priority than a server beside it: its
niceness is raised by 10 unless told otherwise, as ``nice`` does.

Read from outside, as ``ps`` would: the import's process is sampled in ``/proc`` while it
runs."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from discogs_service.importer import run, workers
from discogs_service.storage import Storage
from tests.dumpfiles import cli_environment, import_command, many_releases, write_dump
from tests.functional.importing import import_files, import_runs, use_small_batches


def niceness_while_importing(
    database_url: str, *arguments: str | Path, started_at: int = 0
) -> set[int]:
    """Every niceness the import's process was seen at, sampled until it ends; it starts
    ``started_at`` nicer than this process."""
    return sampled_while_importing(_niceness, database_url, *arguments, started_at=started_at)


def sampled_while_importing(
    read: Callable[[int], int],
    database_url: str,
    *arguments: str | Path,
    started_at: int = 0,
    own_session: bool = False,
    under_leader: bool = False,
) -> set[int]:
    """Every value ``read`` gave of the import's process, sampled until it ends; it starts
    ``started_at`` nicer than this process, in a session of its own if ``own_session``.
    ``under_leader`` starts the import as the child of a process that leads a new session
    (as a terminal's shell does), and samples that process."""
    command = import_command(*arguments)
    if under_leader:
        command = [sys.executable, "-c", SESSION_LEADER, *command]
    process = subprocess.Popen(
        command,
        env=cli_environment(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.nice(started_at) and None,
        start_new_session=own_session or under_leader,
    )
    seen: set[int] = set()
    while process.poll() is None:
        try:
            seen.add(read(process.pid))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            break
        time.sleep(0.002)
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors
    return seen


# Runs its arguments as a child and exits with its status, as a shell would.
SESSION_LEADER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def _niceness(pid: int) -> int:
    # Field 19 of stat (after the parenthesised command name) is the niceness.
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _session_niceness(pid: int) -> int:
    """The niceness of the process's session's autogroup ("/autogroup-85 nice 0")."""
    return int(Path(f"/proc/{pid}/autogroup").read_text().rsplit("nice", 1)[1])


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write_dump(
        tmp_path / "discogs_20250101_releases.xml", "releases", list(many_releases(200))
    )


def test_an_import_runs_in_the_background_by_default(
    database_url: str, storage: Storage, dump: Path
) -> None:
    seen = niceness_while_importing(database_url, dump)
    assert os.getpriority(os.PRIO_PROCESS, 0) + 10 in seen
    assert import_runs(storage)[0]["status"] == "completed"


def test_niceness_is_chosen_with_an_option(database_url: str, storage: Storage, dump: Path) -> None:
    here = os.getpriority(os.PRIO_PROCESS, 0)
    assert here + 3 in niceness_while_importing(database_url, "--niceness", "3", dump)


def test_niceness_is_chosen_in_the_environment(
    database_url: str, storage: Storage, dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCOGS_IMPORT_NICENESS", "4")
    assert os.getpriority(os.PRIO_PROCESS, 0) + 4 in niceness_while_importing(database_url, dump)


def test_the_niceness_adds_to_the_one_the_import_was_started_with(
    database_url: str, dump: Path
) -> None:
    started = os.getpriority(os.PRIO_PROCESS, 0) + 4
    seen = niceness_while_importing(database_url, "--niceness", "5", dump, started_at=4)
    assert seen <= {started, started + 5} and started + 5 in seen


def test_niceness_0_keeps_the_priority_the_import_was_started_with(
    database_url: str, dump: Path
) -> None:
    started = os.getpriority(os.PRIO_PROCESS, 0) + 4
    assert niceness_while_importing(database_url, "--niceness", "0", dump, started_at=4) == {
        started
    }


AUTOGROUPS = pytest.mark.skipif(
    not Path("/proc/self/autogroup").exists(), reason="the kernel groups no sessions"
)


@AUTOGROUPS
def test_an_import_leading_its_own_session_lowers_the_sessions_share_too(
    database_url: str, dump: Path
) -> None:
    """With autogroups the CPU is shared between sessions first: a niceness alone would not
    weigh against a server of another session."""
    seen = sampled_while_importing(_session_niceness, database_url, dump, own_session=True)
    assert seen <= {0, 10} and 10 in seen


@AUTOGROUPS
def test_an_import_in_a_session_it_does_not_lead_leaves_the_sessions_share_alone(
    database_url: str, dump: Path
) -> None:
    """A new session starts at niceness 0. Its own, not this process's: this process may be
    in the session of init, whose group the kernel does not show (``/proc/1/autogroup`` is
    empty)."""
    assert sampled_while_importing(_session_niceness, database_url, dump, under_leader=True) == {0}


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:  # field 4 of stat: the parent
            found.append(int(stat.parent.name))
    return found


def test_import_workers_yield_the_cpu_to_the_writing_process(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers (the fork server's children, below this process) run WORKER_NICENESS
    nicer than the process that writes, which keeps its own niceness."""
    use_small_batches(monkeypatch)
    monkeypatch.setattr(run, "PARALLEL_MIN_BYTES", 0)
    path = write_dump(
        tmp_path / "discogs_20250101_releases.xml", "releases", list(many_releases(600))
    )
    seen: set[int] = set()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for server in _children(os.getpid()):
                for worker in _children(server):
                    with contextlib.suppress(FileNotFoundError, ProcessLookupError, IndexError):
                        seen.add(_niceness(worker))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        (outcome,) = import_files(storage, path, workers=2)
    finally:
        done.set()
        sampler.join()
    assert outcome.run.added == 600
    own = os.getpriority(os.PRIO_PROCESS, 0)
    nicer = min(19, own + workers.WORKER_NICENESS)
    # A worker is the fork server's copy, at this niceness, until its initializer has run.
    assert nicer in seen and seen <= {own, nicer}
