"""The last afternoon: N agencies upload their workbooks through their links at once.

    python benchmarks/serve.py [--n 500] [--clients 16] [--workers 2] [--processes 2] [--repeat 1]

Starts ``xxgk serve`` on loopback with SQLite in a fresh data folder, makes a collection of N agencies (each its
own workbook, naming it), and uploads every workbook through its agency's link from ``--clients`` threads
(httpx): each client opens the agency's page (its form gives the CSRF field) and posts the file, as a browser
does; throughput, p50 and p95 latency of an upload. Then the same with PostgreSQL when ``XXGK_TEST_POSTGRES``
names one (``.ci/run`` sets it), in a schema of its own that is dropped afterwards. Every upload must be stored:
the versions are counted in the database.

The service runs as an office would run it on this machine: ``--processes`` (one per core by default) answering
requests, each with ``--workers`` workers.

The floor, measured right before each run (the machine may be shared, so only figures of one run compare): reading and
validating the same files one after another in one process, as each upload is read and validated. Goal: at least
0.5 × the floor's throughput. The service validates in ``--workers`` processes, so the one-process floor alone
would flatter it on a machine with cores to spare: the floor is also measured with ``--workers`` processes
validating at once (no HTTP, no database), and each run's ratio is printed against both. The clients run on the
same machine and take their share of it too. The load average before and after each run says how busy the
machine was; with ``--repeat`` the medians of the runs end the output. Since on a busy machine the ratios move
with the load more than with the code, each run also prints the CPU time one upload costs the service (its
process and workers, from /proc on Linux; PostgreSQL's own server is not counted) beside the CPU time the
floor spends on one file: that ratio changes with the code, not with the neighbours.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import httpx2 as httpx  # the test extra's HTTP client (the httpx API)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from xxgk.jsonio import load_report  # noqa: E402
from xxgk.serve import collections, links  # noqa: E402
from xxgk.serve.clock import now  # noqa: E402
from xxgk.serve.store import Store  # noqa: E402
from xxgk.serve.store.models import Agency, Version  # noqa: E402
from xxgk.validation import validate  # noqa: E402

from support import write_workbook  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = 2024  # the bundled example's


def workbooks(folder: Path, n: int) -> list[tuple[str, Path]]:
    """N agencies, each with the example's workbook naming it (so each file differs)."""
    made = []
    for i in range(n):
        name = f"压测县第{i + 1}局"
        made.append((name, write_workbook(folder / f"{i + 1}.xlsx", {"metadata.agency_name": name})))
    return made


def check(path: Path) -> None:
    validate(load_report(path))


def floor(files: list[Path]) -> tuple[float, float]:
    """Files per second read and validated one after another in one process, and its CPU time per file (ms)."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        check(path)
    return len(files) / (time.perf_counter() - start), (time.process_time() - cpu) * 1000 / len(files)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and all its descendants, from /proc (Linux; None elsewhere)."""
    try:
        stats = {int(p): Path(f"/proc/{p}/stat").read_text() for p in os.listdir("/proc") if p.isdigit()}
    except OSError:
        return None
    parents = {}
    for child, text in list(stats.items()):
        fields = text.rsplit(")", 1)[1].split()
        parents[child] = int(fields[1])
    tree, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in tree & stats.keys():
        fields = stats[member].rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def parallel_floor(files: list[Path], processes: int) -> float:
    """Files per second read and validated by ``processes`` processes at once (forked before the clock starts,
    the engine already imported): what this machine gives the service's number of workers."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(check, files[:processes])  # each process has read a file once
        start = time.perf_counter()
        pool.map(check, files, chunksize=4)
        return len(files) / (time.perf_counter() - start)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collection(data: Path, database: str | None, names: list[str]) -> tuple[int, dict[str, str]]:
    """A collection of the agencies, made in the store as the office's form makes it: agency → link path."""
    store = Store.open(data, database)
    try:
        with store.transaction() as session:
            made, new, _ = collections.create(session, "压测县人民政府办公室", YEAR, date(YEAR + 1, 3, 31), names,
                                              "benchmark", "benchmark", now(time.time))
            return made.id, {link.agency: links.path(link.token) for link in new}
    finally:
        store.close()


def stored(data: Path, database: str | None, collection_id: int) -> int:
    from sqlalchemy import func, select

    store = Store.open(data, database)
    try:
        with store.transaction() as session:
            return session.scalar(select(func.count(Version.id)).join(Agency).where(
                Agency.collection_id == collection_id))
    finally:
        store.close()


def serve(data: Path, database: str | None, workers: int, processes: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "xxgk", "serve", "--data", str(data), "--port", str(port),
               "--workers", str(workers), "--processes", str(processes)]
    if database:
        command += ["--database", database]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the service did not start: " + process.stderr.read().decode(errors="replace")[-2000:])


def upload_all(base: str, jobs: list[tuple[str, Path]], paths: dict[str, str], clients: int):
    """Every workbook through its agency's link, from ``clients`` threads: wall time, each upload's latency (its
    retries after 503 included), the failures, and how many times the service answered 503."""
    queue = list(jobs)
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    retries: list[str] = []

    def work() -> None:
        with httpx.Client(base_url=base, timeout=300) as client:
            csrf = None
            while True:
                with lock:
                    if not queue:
                        return
                    name, path = queue.pop()
                page = client.get(paths[name])
                if csrf is None:  # the field signs this client's cookie: one page gives it
                    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
                body = path.read_bytes()
                start = time.perf_counter()
                while True:  # a full queue answers 503 with Retry-After: a client waits and sends again
                    answer = client.post(paths[name] + "/upload", data={"csrf": csrf},
                                         files={"file": (path.name, body, XLSX)})
                    if answer.status_code != 503:
                        break
                    with lock:
                        retries.append(name)
                    time.sleep(float(answer.headers.get("retry-after", "1")))
                took = time.perf_counter() - start  # as the agency waits: retries included
                with lock:
                    latencies.append(took)
                    if answer.status_code not in (200, 303):
                        failures.append(f"{name}: {answer.status_code}")

    threads = [threading.Thread(target=work) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, failures, len(retries)


def run(label: str, database: str | None, made: list[tuple[str, Path]], clients: int, workers: int,
        processes: int) -> dict:
    """The floors, then the service's uploads, right after them (the machine's load moves)."""
    load = os.getloadavg()[0]
    files = [path for _, path in made]
    floors = floor(files), parallel_floor(files, workers)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        collection_id, paths = collection(data, database, [name for name, _ in made])
        process, base = serve(data, database, workers, processes)
        try:
            before, clients_before = cpu_seconds(process.pid), resource.getrusage(resource.RUSAGE_SELF)
            wall, latencies, failures, retried = upload_all(base, made, paths, clients)
            after, clients_after = cpu_seconds(process.pid), resource.getrusage(resource.RUSAGE_SELF)
        finally:
            process.terminate()
            process.wait(30)
        count = stored(data, database, collection_id)
    rate = len(made) / wall
    latencies.sort()
    service = (after - before) * 1000 / len(made) if before is not None and after is not None else float("nan")
    client = ((clients_after.ru_utime + clients_after.ru_stime) - (clients_before.ru_utime + clients_before.ru_stime))
    figures = {"rate": rate, "p50": statistics.median(latencies) * 1000,
               "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000,
               "floor": rate / floors[0][0], "parallel": rate / floors[1], "load": (load + os.getloadavg()[0]) / 2,
               "cpu": service, "cpu_floor": floors[0][1], "cpu_clients": client * 1000 / len(made)}
    print(f"{label:<11} {len(made):>5} uploads  {line(figures)}  stored {count}/{len(made)}  503 {retried}  "
          f"(floor {floors[0][0]:.1f}/s, {workers} processes {floors[1]:.1f}/s)"
          + (f"  FAILED {len(failures)}: {failures[:3]}" if failures else ""), flush=True)
    if count != len(made) or failures:
        raise SystemExit(f"{label}: not every upload was stored")
    return figures


def line(figures: dict) -> str:
    return (f"{figures['rate']:7.1f}/s  p50 {figures['p50']:6.0f} ms  p95 {figures['p95']:6.0f} ms  "
            f"{figures['floor']:5.2f} × floor  {figures['parallel']:5.2f} × parallel floor  "
            f"load {figures['load']:4.1f}  CPU {figures['cpu']:5.1f} ms/upload in the service "
            f"({figures['cpu'] / figures['cpu_floor']:4.2f} × the floor's {figures['cpu_floor']:4.1f} ms/file), "
            f"{figures['cpu_clients']:4.1f} in the clients")


def postgres_schema() -> tuple[str, callable] | None:
    if not os.environ.get("XXGK_TEST_POSTGRES"):
        return None
    from databases import postgres_schema as make

    return make()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="the service's --processes")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each with its own floor; medians at the end")
    args = parser.parse_args()
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as folder:
        made = workbooks(Path(folder), args.n)
        for number in range(1, args.repeat + 1):
            print(f"run {number}: clients {args.clients}, service processes {args.processes}, workers "
                  f"{args.workers} each", flush=True)
            results.setdefault("SQLite", []).append(run("SQLite", None, made, args.clients, args.workers,
                                                        args.processes))
            schema = postgres_schema()
            if schema is None:
                print("PostgreSQL  skipped: XXGK_TEST_POSTGRES is not set")
                continue
            url, drop = schema
            try:
                results.setdefault("PostgreSQL", []).append(run("PostgreSQL", url, made, args.clients, args.workers,
                                                                args.processes))
            finally:
                drop()
    if args.repeat > 1:
        for label, runs in results.items():
            medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            print(f"median of {len(runs)}: {label:<11} {line(medians)}")


if __name__ == "__main__":
    main()
