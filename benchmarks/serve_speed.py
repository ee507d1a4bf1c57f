"""Serving speed: ``GET /releases/{id}`` from ``discogs-service serve`` against nginx serving
the same JSON documents as static files.

    .venv/bin/python benchmarks/serve_speed.py                     # 1,000,000 releases, 20 s
    .venv/bin/python benchmarks/serve_speed.py --releases 20000 --duration 5   # a quick try
    .venv/bin/python benchmarks/serve_speed.py --limiter off memory redis --rounds 2

What it does:

1. builds the catalogue once: the synthetic dump of N releases (plus its artists, labels and
   masters files; ``synthetic_dump.py``) imported with ``discogs-service import`` into
   ``benchmarks/out/serve/<N>-seed<S>/catalogue.db``, reused by later runs;
2. renders every release document into ``static/releases/<id>`` beside it, with the
   service's own code (``services.releases.release_document``) and the fixed public URL the
   server is started with (``DISCOGS_PUBLIC_URL``), so nginx serves the very bytes the
   service does; a sample of ids is fetched from both servers and compared byte for byte;
3. starts ``discogs-service serve --workers 2`` - one server per ``--limiter``: ``off``
   (``DISCOGS_RATELIMIT_ENABLED=false``), ``memory`` (the default limiter) or ``redis``
   (``DISCOGS_REDIS_URL``), and per ``--interface``: ``rsgi`` (the default) or ``asgi`` -
   and nginx (``worker_processes 2``, ``access_log off``, a
   generated minimal config) on free ports. The limits are so high (10^9) that nothing is
   refused while every request is counted, so the difference is the limiter's cost; before
   measuring, two requests check that the counted figure grows (or, off, stays 0);
4. reads the database and the static files once (both warm in the page cache), warms each
   server up with a short wrk run, then runs ``wrk -t2 -c64 -d20s`` against each with a Lua
   script that asks for a random existing release id per request (with a User-Agent); with
   ``--rounds``, nginx and then every server, in an order that rotates each round;
5. prints requests/s, p50/p90/p99 latency, errors, server memory, and ours/nginx, against
   the goals: >= 0.5x nginx's requests/s, p99 <= 10 ms; with several limiters, each one's
   cost against ``off`` (goal for ``memory``: <= 10 %).

With ``--floor`` a further server takes part in every round: ``serve_floor.py`` under the
same granian settings, which per request only counts the client in the service's limiter and
reads the stored document with one SQLite lookup. No answer that does both serves faster, so
floor/nginx is the bound the stack sets on ours/nginx on this machine.

wrk, nginx and the servers share the machine's cores; the machine's load is printed with
the figures (other work on the machine slows both). All processes started here are stopped
on exit, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    OUT,
    TIMED_IMPORT_ENV,
    WRK_REPORT,
    TreeMemory,
    free_port,
    machine_note,
    megabytes,
    start,
    stop,
    tool,
    write_timeline,
)
from synthetic_dump import GENERATOR_VERSION, KINDS, Plan, cache_dir, ensure_dump, release_id

PUBLIC_URL = "https://api.discogs.test"
USER_AGENT = "discogs-service-benchmark/1.0"
GOAL_RATIO = 0.5
GOAL_P99_MS = 10.0
GOAL_LIMITER_COST = 0.10  # the in-memory limiter's share of the throughput without one
LIMITERS = ("off", "memory", "redis")
INTERFACES = ("rsgi", "asgi")  # discogs-service serve --interface; the first is its default
UNREACHABLE_LIMIT = "1000000000"  # every request counted, none refused

WRK_SCRIPT = r"""
-- A random existing release per request. The catalogue holds releases k = 0..N-1 with
-- id 1 + k + floor(5k/8) (synthetic_dump.release_id); N is the script's first argument.
local count = 0
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
end

function init(args)
  count = tonumber(args[1])
  math.randomseed(1000 + (thread_number or 0))  -- the same sequence for both servers
end

local headers = {["User-Agent"] = "%(user_agent)s"}

function request()
  local k = math.random(0, count - 1)
  return wrk.format("GET", "/releases/" .. (1 + k + math.floor(k * 5 / 8)), headers)
end
"""


NGINX_CONF = """\
worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ }}
    default_type application/json;
    client_body_temp_path {work}/tmp/client_body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;

    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /releases/ {{
        }}
    }}
}}
"""


# -- the catalogue and its static copy -------------------------------------------------------


def build_catalogue(plan: Plan, work: Path, rebuild: bool) -> Path:
    database = work / "catalogue.db"
    marker = work / "catalogue.json"
    expected = {"generator": GENERATOR_VERSION, "releases": plan.releases, "seed": plan.seed}
    if (
        not rebuild
        and database.exists()
        and marker.exists()
        and json.loads(marker.read_text()) == expected
    ):
        print(f"reusing {database} ({megabytes(database.stat().st_size)})")
        return database
    marker.unlink(missing_ok=True)
    directory = cache_dir(plan)
    files = [ensure_dump(directory, kind, plan, jobs=os.cpu_count() or 1) for kind in KINDS]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    print(f"importing into {database} (machine: {machine_note()}) ...")
    env = dict(
        os.environ, DISCOGS_DATABASE_URL=f"sqlite:///{database}", COLUMNS="100", **TIMED_IMPORT_ENV
    )
    log = work / "import.log"
    started = time.perf_counter()
    with log.open("wb") as output:
        process = start(
            [tool("discogs-service"), "import", *map(str, files)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        with TreeMemory(process.pid) as memory:
            code = process.wait()
        stop(process)
    elapsed = time.perf_counter() - started
    write_timeline(memory, work / "import.memory.csv")
    if code != 0:
        raise SystemExit(f"the import failed ({code}); see {log}")
    print(
        f"imported {plan.releases:,} releases (and the other kinds) in {elapsed:,.0f} s "
        f"({plan.releases / elapsed:,.0f} releases/s overall), peak RSS "
        f"{megabytes(memory.peak_rss)} at {memory.peak_at:,.0f} s, "
        f"{megabytes(database.stat().st_size)} database"
    )
    check_ids(database, plan)
    marker.write_text(json.dumps(expected) + "\n")
    return database


def check_ids(database: Path, plan: Plan) -> None:
    """The wrk script computes ids as synthetic_dump.release_id does: make sure they exist."""
    connection = sqlite3.connect(database)
    try:
        count, low, high, total = connection.execute(
            "SELECT COUNT(*), MIN(id), MAX(id), SUM(id) FROM releases"
        ).fetchone()
    finally:
        connection.close()
    expected_total = sum(release_id(k) for k in range(plan.releases))
    if (count, low, high, total) != (
        plan.releases,
        release_id(0),
        release_id(plan.releases - 1),
        expected_total,
    ):
        raise SystemExit(
            f"{database} does not hold exactly the releases of the synthetic dump "
            f"({count:,} releases, ids {low}..{high}); run again with --rebuild"
        )


def render_static(database: Path, plan: Plan, work: Path, rebuild: bool) -> Path:
    """static/releases/<id>: each document exactly as the service serves it."""
    root = work / "static"
    marker = work / "static.json"
    stat = database.stat()
    expected = {"database_mtime": stat.st_mtime, "public_url": PUBLIC_URL, "count": plan.releases}
    if not rebuild and marker.exists() and json.loads(marker.read_text()) == expected:
        print(f"reusing {root}/releases/ ({plan.releases:,} files)")
        return root
    marker.unlink(missing_ok=True)
    from discogs_service.services.releases import release_document
    from discogs_service.storage import open_storage

    target = root / "releases"
    target.mkdir(parents=True, exist_ok=True)
    print(f"rendering {plan.releases:,} documents into {target}/ ...")
    started = time.perf_counter()
    storage = open_storage(f"sqlite:///{database}", upgrade=False)
    base = PUBLIC_URL.encode()
    total = 0
    try:
        for k in range(plan.releases):
            identifier = release_id(k)
            body = release_document(storage.catalogue, identifier, base).body
            total += len(body)
            with open(target / str(identifier), "wb") as file:
                file.write(body)
    finally:
        storage.close()
    elapsed = time.perf_counter() - started
    print(
        f"rendered {plan.releases:,} documents in {elapsed:,.0f} s, {megabytes(total)} "
        f"(mean {total / plan.releases:,.0f} bytes)"
    )
    marker.write_text(json.dumps(expected) + "\n")
    return root


def warm(database: Path, root: Path, plan: Plan) -> None:
    """Read the database and every static file once, so both servers start from the page
    cache (the machine has the memory for both)."""
    started = time.perf_counter()
    for suffix in ("", "-wal"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            with path.open("rb") as file:
                while file.read(8 << 20):
                    pass
    target = root / "releases"
    for k in range(plan.releases):
        with open(target / str(release_id(k)), "rb") as file:
            file.read()
    print(f"read the database and the static files once ({time.perf_counter() - started:,.0f} s)")


# -- servers ----------------------------------------------------------------------------------


@dataclass
class Limiter:
    """How a server counts requests: ``off``, ``memory`` or ``redis`` (at ``redis_url``,
    keys under ``prefix``)."""

    kind: str
    redis_url: str
    prefix: str

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_RATELIMIT_")}
        env.pop("DISCOGS_REDIS_URL", None)
        env["DISCOGS_RATELIMIT_ENABLED"] = "false" if self.kind == "off" else "true"
        env["DISCOGS_RATELIMIT_ANONYMOUS"] = UNREACHABLE_LIMIT
        env["DISCOGS_RATELIMIT_AUTHENTICATED"] = UNREACHABLE_LIMIT
        if self.kind == "redis":
            env["DISCOGS_REDIS_URL"] = self.redis_url
            env["DISCOGS_RATELIMIT_REDIS_PREFIX"] = self.prefix
        return env

    def forget(self) -> None:
        """Delete this run's keys from Redis."""
        if self.kind != "redis":
            return
        import redis

        client = redis.Redis.from_url(self.redis_url)
        try:
            keys = list(client.scan_iter(f"{self.prefix}:*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


def start_ours(
    database: Path, port: int, workers: int, work: Path, limiter: Limiter, interface: str
) -> subprocess.Popen[Any]:
    env = dict(
        limiter.environment(),
        DISCOGS_DATABASE_URL=f"sqlite:///{database}",
        DISCOGS_PUBLIC_URL=PUBLIC_URL,
    )
    command = [tool("discogs-service"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--no-sample", "--interface", interface]
    log = (work / f"serve-{limiter.kind}-{interface}.log").open("wb")
    return start(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def check_counting(port: int, limiter: Limiter) -> None:
    """The limiter counts (the Used figure grows) - or, switched off, does not - and lets
    everything through. Both requests go over one kept-alive connection: with the in-memory
    limiter each server worker counts its own requests."""
    used = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(2):
            connection.request(
                "GET", f"/releases/{release_id(0)}", headers={"User-Agent": USER_AGENT}
            )
            response = connection.getresponse()
            response.read()
            used.append(int(response.headers["X-Discogs-Ratelimit-Used"]))
    finally:
        connection.close()
    counts = used[1] > used[0] if limiter.kind != "off" else used == [0, 0]
    if not counts:
        raise SystemExit(f"limiter {limiter.kind}: X-Discogs-Ratelimit-Used read {used}")


def start_floor(database: Path, port: int, workers: int, work: Path) -> subprocess.Popen[Any]:
    """The floor server (``serve_floor.py``): the limiter and the lookup, nothing else."""
    env = dict(os.environ, DISCOGS_DATABASE_URL=f"sqlite:///{database}")
    command = [tool("granian"), "--interface", "rsgi", "--factory", "--loop", "auto"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--no-ws", "--backlog", "2048", "--no-access-log"]
    command += ["--working-dir", str(Path(__file__).resolve().parent), "serve_floor:create"]
    log = (work / "serve-floor.log").open("wb")
    return start(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_nginx(root: Path, port: int, workers: int, work: Path) -> subprocess.Popen[Any]:
    nginx_dir = work / "nginx"
    (nginx_dir / "tmp").mkdir(parents=True, exist_ok=True)
    conf = nginx_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, work=nginx_dir, port=port, root=root))
    log = (nginx_dir / "stdout.log").open("wb")
    command = ["nginx", "-p", str(nginx_dir), "-c", str(conf), "-e", str(nginx_dir / "error.log")]
    return start(command, stdout=log, stderr=subprocess.STDOUT)


def fetch(port: int, identifier: int) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/releases/{identifier}", headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_ready(process: subprocess.Popen[Any], port: int, name: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode} before it served")
        try:
            if fetch(port, release_id(0))[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer on port {port} within {timeout:.0f} s")


def compare(ours: int, nginx: int, plan: Plan, root: Path, samples: int) -> None:
    """Byte-for-byte: the service's answer, nginx's answer and the file, for random ids."""
    rng = random.Random(7)
    picks = [release_id(rng.randrange(plan.releases)) for _ in range(samples)]
    for identifier in picks:
        status_ours, body_ours = fetch(ours, identifier)
        status_nginx, body_nginx = fetch(nginx, identifier)
        on_disk = (root / "releases" / str(identifier)).read_bytes()
        if status_ours != 200 or status_nginx != 200 or not body_ours == body_nginx == on_disk:
            raise SystemExit(
                f"release {identifier}: ours {status_ours} ({len(body_ours)} bytes), nginx "
                f"{status_nginx} ({len(body_nginx)} bytes), file {len(on_disk)} bytes differ; "
                "the static copy is stale (run with --rebuild-static)"
            )
    print(f"{samples} random releases: identical bytes from both servers and the files")


# -- load ---------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    requests: int
    seconds: float
    bytes: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    server_rss: int
    server_pss: int
    server_anon: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def run_wrk(
    name: str,
    port: int,
    server: subprocess.Popen[Any],
    args: argparse.Namespace,
    script: Path,
    duration: float,
) -> Load:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration:g}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
        "--",
        str(args.releases),
    ]
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with TreeMemory(server.pid, interval=0.5) as memory:
        output, _ = process.communicate()
    stop(process)
    text = output.decode(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith("RESULT ")]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed against {name}:\n{text}")
    result = json.loads(lines[-1][len("RESULT ") :])
    return Load(
        name=name,
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        bytes=result["bytes"],
        p50_ms=result["p50_us"] / 1000,
        p90_ms=result["p90_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        max_ms=result["max_us"] / 1000,
        errors={key: result[key] for key in ("connect", "read", "write", "status", "timeout")},
        server_rss=memory.peak_rss,
        server_pss=memory.peak_pss,
        server_anon=memory.peak_anon,
    )


def show(load: Load) -> None:
    errors = ", ".join(f"{key} {value:,}" for key, value in load.errors.items() if value)
    print(
        f"{load.name:>6}: {load.rate:>9,.0f} requests/s  p50 {load.p50_ms:6.2f} ms  "
        f"p90 {load.p90_ms:6.2f} ms  p99 {load.p99_ms:6.2f} ms  max {load.max_ms:7.1f} ms  "
        f"{load.bytes / load.seconds / 1e6:,.0f} MB/s  server RSS {megabytes(load.server_rss)} "
        f"(PSS {megabytes(load.server_pss)}, anonymous {megabytes(load.server_anon)})"
        + (f"  ERRORS: {errors}" if errors else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument(
        "--releases", type=int, default=1_000_000, help="catalogue size (default 1000000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="synthetic dump seed (default 1)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per run (20)")
    parser.add_argument("--warmup", type=float, default=5, help="warm-up seconds per server (5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    parser.add_argument("--workers", type=int, default=2, help="server workers, both (2)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate nginx/ours this many times (1)"
    )
    parser.add_argument("--samples", type=int, default=200, help="ids compared byte-wise (200)")
    parser.add_argument(
        "--limiter",
        nargs="+",
        choices=LIMITERS,
        default=["memory"],
        help="one server per rate limiter named: off, memory (the default), redis",
    )
    parser.add_argument(
        "--interface",
        nargs="+",
        choices=INTERFACES,
        default=["rsgi"],
        help="one server per granian interface named: rsgi (the default), asgi",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("DISCOGS_REDIS_URL") or "redis://127.0.0.1:6379/0",
        help="Redis for --limiter redis (DISCOGS_REDIS_URL, else redis://127.0.0.1:6379/0); "
        "keys under a prefix of the run's own, deleted afterwards",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also run serve_floor.py: the limiter and the lookup alone, the stack's bound",
    )
    parser.add_argument("--rebuild", action="store_true", help="re-import the catalogue")
    parser.add_argument(
        "--rebuild-static", action="store_true", help="render the static files again"
    )
    args = parser.parse_args(argv)

    plan = Plan.for_releases(args.releases, args.seed)
    work = OUT / "serve" / f"{plan.releases}-seed{plan.seed}"
    work.mkdir(parents=True, exist_ok=True)
    database = build_catalogue(plan, work, args.rebuild)
    root = render_static(database, plan, work, args.rebuild or args.rebuild_static)
    script = work / "random_release.lua"
    script.write_text((WRK_SCRIPT + WRK_REPORT) % {"user_agent": USER_AGENT})

    limiters = {
        server_name(kind, interface): (
            Limiter(kind, args.redis_url, f"discogs-bench-{os.getpid()}"),
            interface,
        )
        for interface in args.interface
        for kind in args.limiter
    }
    names = list(limiters) + (["floor"] if args.floor else [])
    ports = {name: free_port() for name in ["nginx", *names]}
    servers = {"nginx": start_nginx(root, ports["nginx"], args.workers, work)}
    if args.floor:
        servers["floor"] = start_floor(database, ports["floor"], args.workers, work)
    for name, (limiter, interface) in limiters.items():
        servers[name] = start_ours(database, ports[name], args.workers, work, limiter, interface)
    loads: dict[str, list[Load]] = {name: [] for name in servers}
    try:
        for name, server in servers.items():
            wait_ready(server, ports[name], name)
        for name, (limiter, _interface) in limiters.items():
            compare(ports[name], ports["nginx"], plan, root, args.samples)
            check_counting(ports[name], limiter)
        warm(database, root, plan)
        for round_number in range(args.rounds):
            shift = round_number % len(names)
            for name in ["nginx", *names[shift:], *names[:shift]]:
                if args.warmup:
                    run_wrk(name, ports[name], servers[name], args, script, args.warmup)
                print(f"[round {round_number + 1}, {name}] machine: {machine_note()}")
                load = run_wrk(name, ports[name], servers[name], args, script, args.duration)
                show(load)
                loads[name].append(load)
    finally:
        for server in servers.values():
            stop(server)
        for limiter, _interface in limiters.values():
            limiter.forget()
    summarise(loads, plan, args)
    return 0


def server_name(limiter: str, interface: str) -> str:
    """``ours/<limiter>`` on the default interface, ``ours/<limiter>/<interface>`` else."""
    return f"ours/{limiter}" + ("" if interface == INTERFACES[0] else f"/{interface}")


def summarise(loads: dict[str, list[Load]], plan: Plan, args: argparse.Namespace) -> None:
    best = {name: max(runs, key=lambda load: load.rate) for name, runs in loads.items()}
    print(
        f"\n== {plan.releases:,} releases; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration:g}s, random ids; {args.workers} workers each "
        f"(best of {args.rounds}) =="
    )
    for load in best.values():
        show(load)
    nginx = best["nginx"].rate
    for name, runs in loads.items():
        rates = ", ".join(f"{load.rate:,.0f}" for load in runs)
        p99s = ", ".join(f"{load.p99_ms:.2f}" for load in runs)
        ratio = best[name].rate / nginx
        print(f"{name:>12}: requests/s per round {rates}; p99 ms {p99s}; best/nginx {ratio:.2f}x")
    if "floor" in best:
        floor = best["floor"].rate
        print(
            f"floor (limiter + lookup alone)/nginx: {floor / nginx:.2f}x: the most any answer "
            f"built on them reaches here (goal {GOAL_RATIO}x: "
            f"{'within' if floor / nginx >= GOAL_RATIO else 'NOT within'} the floor's reach)"
        )
    for name in (name for name in loads if name.startswith("ours")):
        if "floor" in best:
            print(f"{name}/floor requests/s: {best[name].rate / best['floor'].rate:.2f}x")
        ratio = best[name].rate / nginx
        p99 = best[name].p99_ms
        print(
            f"{name}/nginx requests/s: {ratio:.2f}x (goal >= {GOAL_RATIO}x: "
            f"{verdict(ratio >= GOAL_RATIO)}); p99 {p99:.2f} ms (goal <= {GOAL_P99_MS:g} ms: "
            f"{verdict(p99 <= GOAL_P99_MS)})"
        )
    if "ours/off" in best:
        off = best["ours/off"].rate
        # against ours/off on the same interface (the default one)
        same_interface = [name for name in best if name.count("/") == 1 and name != "ours/off"]
        for name in same_interface:
            cost = 1 - best[name].rate / off
            goal = (
                f" (goal <= {GOAL_LIMITER_COST:.0%}: {verdict(cost <= GOAL_LIMITER_COST)})"
                if name == "ours/memory"
                else ""
            )
            print(f"{name} costs {cost:.1%} of ours/off's requests/s (best vs best){goal}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


if __name__ == "__main__":
    sys.exit(main())
