"""Benchmark of the PostgreSQL dataset search (``satudata_search``).

Not part of the test suite. ``make bench BENCH_N=10000`` runs it against
its own database (``satudata_bench``) with the portal's configuration
(``ckan.ini``, every plugin on). It

1. generates ``N`` synthetic SDI datasets (:mod:`corpus`) straight into
   CKAN's tables (skipped when the database already holds exactly them),
2. rebuilds the search index (``ckan search-index rebuild``'s code path)
   and reports datasets per second,
3. runs a fixed query mix in-process through the ``package_search`` action
   (p50/p95/max, SQL statements per search), and prints ``EXPLAIN ANALYZE``
   of every statement of each query type to ``bench/explain-N.txt``,
4. serves the portal with gunicorn and runs the mix over HTTP with 4
   concurrent clients (``/api/3/action/package_search`` and the ``/dataset``
   page: p50/p95/max, requests per second, worker peak memory),
5. times ``package_create``/``package_update`` with and without the index
   write,

then prints the figures and the targets of issue 8 with the gap of any
that is missed. Results are written as Markdown to
``bench/results-N.md`` for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

#: the issue's targets: (figure, limit, "max"|"min")
TARGETS = {
    "package_search p50 (ms)": (25, "max"),
    "package_search p95 (ms)": (100, "max"),
    "package_search p50, cache off (ms)": (25, "max"),
    "package_search p95, cache off (ms)": (100, "max"),
    "HTTP API p95 (ms)": (150, "max"),
    "/dataset page p95 (ms)": (500, "max"),
    "rebuild (datasets/s)": (300, "min"),
    "rebuild, one process (datasets/s)": (300, "min"),
    "create/update overhead (ms)": (15, "max"),
    "peak memory (MB)": (600, "max"),
}
FACETS = ["organization", "groups", "tags", "res_format", "license_id",
          "jenis_data", "urusan", "sektor", "klasifikasi_akses",
          "tingkat_penyajian", "tahun_data", "frekuensi"]
REPEAT = 40
BENCH_USER = "bench-operator"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(values), "p95": percentile(values, .95),
            "max": max(values), "n": len(values)}


# -- CKAN in this process -----------------------------------------------------

def load_ckan(ini: str) -> Any:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    return make_app(load_config(ini))


class StatementCounter:
    """Counts (and optionally keeps) the SQL statements sent."""

    def __init__(self) -> None:
        import ckan.model as model
        import sqlalchemy as sa
        self.count = 0
        self.kept: list[tuple[str, Any]] | None = None
        sa.event.listen(model.meta.engine, "before_cursor_execute",
                        self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, parameters: Any,
              context: Any, executemany: bool) -> None:
        self.count += 1
        if self.kept is not None:
            self.kept.append((statement, parameters))


# -- 1. the catalogue -------------------------------------------------------

def ensure_people(site: dict[str, Any]) -> tuple[dict[str, str],
                                                 dict[str, str], str]:
    """The OPD organisations, groups and an operator user (real actions)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    def ensure(action: str, name: str, title: str) -> str:
        found = model.Group.get(name)
        if found is not None:
            return found.id
        return tk.get_action(action)(
            dict(site), {"name": name, "title": title})["id"]

    org_ids = {name: ensure("organization_create", name, title)
               for name, title in corpus.OPDS + [
                   ("diskominfo", "Dinas Komunikasi dan Informatika "
                    "(walidata)")]}
    group_ids = {name: ensure("group_create", name, title)
                 for name, title in corpus.GROUPS}
    user = model.User.get(BENCH_USER)
    if user is None:
        tk.get_action("user_create")(dict(site), {
            "name": BENCH_USER, "email": "operator@bench.example",
            "password": "bench-password-123"})
        tk.get_action("organization_member_create")(dict(site), {
            "id": "dinkes", "username": BENCH_USER, "role": "editor"})
        user = model.User.get(BENCH_USER)
    return org_ids, group_ids, user.id


def bench_count() -> int:
    import ckan.model as model
    import sqlalchemy as sa
    return model.Session.scalar(sa.select(sa.func.count()).select_from(
        model.package_table).where(
            model.package_table.c.name.like(corpus.PREFIX + "%")))


def drop_catalogue() -> None:
    import ckan.model as model
    s = model.Session
    ids = "select id from package where name like :p"
    p = {"p": corpus.PREFIX + "%"}
    for table, column in (("satudata_search_index", "id"),
                          ("resource", "package_id"),
                          ("package_tag", "package_id"),
                          ("member", "table_id"),
                          ("package_member", "package_id")):
        s.execute(sa_text(f"delete from {table} where {column} in ({ids})"),
                  p)
    s.execute(sa_text("delete from package where name like :p"), p)
    s.commit()


def sa_text(sql: str) -> Any:
    import sqlalchemy as sa
    return sa.text(sql)


def generate(n: int, org_ids: dict[str, str], group_ids: dict[str, str],
             user_id: str) -> float:
    """Writes the catalogue in batches; returns the seconds it took."""
    import ckan.model as model
    import sqlalchemy as sa
    t0 = time.perf_counter()
    tag_ids: dict[str, str] = {
        name: tid for tid, name in model.Session.execute(
            sa.select(model.tag_table.c.id, model.tag_table.c.name))}
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if not batch:
            return
        packages = [b["package"] for b in batch]
        model.Session.execute(model.package_table.insert(), packages)
        model.Session.execute(model.resource_table.insert(), [
            r for b in batch for r in b["resources"]])
        new_tags = {t for b in batch for t in b["tags"]} - set(tag_ids)
        for name in new_tags:
            tag_ids[name] = corpus_uuid(name)
        if new_tags:
            model.Session.execute(model.tag_table.insert(), [
                {"id": tag_ids[t], "name": t} for t in new_tags])
        model.Session.execute(model.package_tag_table.insert(), [
            {"id": corpus_uuid(b["package"]["id"] + t),
             "package_id": b["package"]["id"], "tag_id": tag_ids[t],
             "state": "active"} for b in batch for t in b["tags"]])
        model.Session.execute(model.member_table.insert(), [
            {"id": corpus_uuid(b["package"]["id"] + "g"),
             "table_id": b["package"]["id"], "table_name": "package",
             "group_id": b["group"], "capacity": "public",
             "state": "active"} for b in batch])
        model.Session.commit()
        batch.clear()

    for i, row in enumerate(corpus.dataset_rows(n, org_ids, group_ids,
                                                user_id)):
        batch.append(row)
        if len(batch) == 1000:
            flush()
            print(f"\r  generated {i + 1}/{n}", end="", flush=True)
    flush()
    print()
    return time.perf_counter() - t0


def corpus_uuid(seed: str) -> str:
    import uuid
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def rebuild(config: str, workers: int) -> float:
    """The whole index rebuilt by ``workers`` processes, each running
    ``ckan search-index rebuild``'s code on its share of the datasets;
    returns datasets per second."""
    import ckan.model as model
    import sqlalchemy as sa
    ids = [r[0] for r in model.Session.execute(sa.text(
        "select id from package order by id"))]
    model.Session.remove()
    files = []
    for worker in range(workers):
        path = HERE / f".ids-{worker}.txt"
        path.write_text("\n".join(ids[worker::workers]))
        files.append(path)
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, __file__, "-c", config,
                               "--index-ids", str(path)])
             for path in files]
    failed = [p.wait() for p in procs]
    seconds = time.perf_counter() - t0
    for path in files:
        path.unlink()
    if any(failed):
        raise RuntimeError("an index worker failed")
    vacuum()
    return len(ids) / seconds


def vacuum() -> None:
    """What autovacuum does soon after a bulk load: planner statistics,
    GIN pending lists merged."""
    import ckan.model as model
    with model.meta.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa_text("VACUUM ANALYZE satudata_search_index"))


def index_ids(path: Path) -> None:
    """One rebuild worker: index the datasets listed in ``path``."""
    import ckan.lib.search as search
    ids = path.read_text().split()
    search.rebuild(package_ids=ids, quiet=True, defer_commit=True)


def single_process_rate(sample: int = 1000) -> float:
    """Datasets per second of ``ckan search-index rebuild`` (one process)
    re-indexing ``sample`` datasets."""
    import ckan.lib.search as search
    import ckan.model as model
    ids = [r[0] for r in model.Session.execute(sa_text(
        "select id from package order by id limit :n"), {"n": sample})]
    t0 = time.perf_counter()
    search.rebuild(package_ids=ids, quiet=True, defer_commit=True)
    return len(ids) / (time.perf_counter() - t0)


# -- 2. the query mix ---------------------------------------------------------

def query_mix(rng: random.Random, count: int
              ) -> dict[str, Callable[[], tuple[dict[str, Any], bool]]]:
    """Query type -> a maker of (package_search parameters, as operator)."""
    words = corpus.topic_words()
    phrases = corpus.topic_phrases()
    opds = [name for name, _ in corpus.OPDS]
    return {
        "one word": lambda: ({"q": rng.choice(words)}, False),
        "three words": lambda: ({"q": rng.choice(phrases)}, False),
        "text + 2 fq": lambda: ({
            "q": rng.choice(words),
            "fq": f"organization:{rng.choice(opds)} "
                  f"tahun_data:{rng.choice(corpus.YEARS)}"}, False),
        "*:* all facets": lambda: ({
            "q": "*:*", "facet.field": json.dumps(FACETS),
            "facet.limit": 50}, False),
        "deep paging": lambda: ({
            "q": "*:*", "start": max(0, count - rng.randint(10, 200)),
            "rows": 20}, False),
        "sort title": lambda: ({
            "q": rng.choice(["", rng.choice(words)]),
            "sort": "title_string asc", "rows": 20}, False),
        "OPD member private": lambda: ({
            "q": rng.choice(words), "include_private": True}, True),
    }


def run_in_process(app: Any, count: int, explain_to: Path
                   ) -> tuple[dict[str, dict], dict[str, int]]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    counter = StatementCounter()
    rng = random.Random(42)
    mix = query_mix(rng, count)
    timings: dict[str, dict] = {}
    statements: dict[str, int] = {}
    explains: list[str] = []
    pooled: list[float] = []
    search = tk.get_action("package_search")
    for name, make in mix.items():
        values = []
        for i in range(REPEAT + 3):
            params, as_operator = make()
            context = {"user": BENCH_USER if as_operator else ""}
            with app._wsgi_app.test_request_context():
                counter.count = 0
                counter.kept = [] if i == 0 else None
                t0 = time.perf_counter()
                search(context, dict(params))
                elapsed = (time.perf_counter() - t0) * 1000
                if i == 0:
                    statements[name] = counter.count
                    explains.append(explain(name, params, counter.kept))
                counter.kept = None
                model.Session.remove()
            if i >= 3:  # the first runs warm caches
                values.append(elapsed)
        timings[name] = summary(values)
        pooled.extend(values)
        # rows=1000 must cost as many statements as rows=10
        if name == "one word":
            params, _ = make()
            with app._wsgi_app.test_request_context():
                counter.count = 0
                search({"user": ""}, dict(params, rows=1000))
                statements["one word, rows=1000"] = counter.count
                model.Session.remove()
    timings["mix"] = summary(pooled)
    explain_to.write_text("\n".join(explains))
    return timings, statements


def explain(name: str, params: dict[str, Any],
            kept: list[tuple[str, Any]] | None) -> str:
    """EXPLAIN ANALYZE of the search index statements of one search."""
    import ckan.model as model
    out = [f"===== {name}: {json.dumps(params, ensure_ascii=False)}"]
    raw = model.meta.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in kept or []:
            if "satudata_search_index" not in statement or not (
                    statement.lstrip().upper().startswith("SELECT")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement,
                           parameters)
            plan = "\n".join(r[0] for r in cursor.fetchall())
            first = statement.strip().splitlines()[0][:100]
            out.append(f"--- {first}\n{plan}\n")
        raw.rollback()
    finally:
        raw.close()
    return "\n".join(out)


def index_use(explain_file: Path) -> dict[str, str]:
    """Per query type: the scans its plans use."""
    found: dict[str, set[str]] = {}
    current = ""
    for line in explain_file.read_text().splitlines():
        if line.startswith("===== "):
            current = line[6:].split(":")[0]
            found[current] = set()
        for kind in ("Bitmap Index Scan on", "Index Scan using",
                     "Index Only Scan using", "Seq Scan on"):
            if kind in line:
                target = line.split(kind, 1)[1].split()[0]
                found[current].add(f"{kind.split(' on')[0].split(' using')[0]}"
                                   f" {target}")
    return {k: ", ".join(sorted(v)) or "-" for k, v in found.items()}


# -- 3. over HTTP -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(ini: str, workers: int) -> Iterator[tuple[str, Any]]:
    port = free_port()
    env = dict(os.environ, CKAN_INI=str(Path(ini).resolve()),
               CKAN_SITE_URL=f"http://127.0.0.1:{port}")
    log = open(HERE / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--chdir",
         str(HERE), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "wsgi:application"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn died; see bench/gunicorn.log")
            try:
                if requests.get(url + "/api/3/action/status_show",
                                timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def worker_peak_mb(master: Any) -> float:
    """The largest peak resident memory of gunicorn's workers."""
    peaks = []
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    pids = children.read_text().split() if children.exists() else []
    for pid in pids + [str(master.pid)]:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks or [float("nan")])


def run_http(ini: str, count: int, token: str) -> dict[str, Any]:
    rng = random.Random(7)
    mix = query_mix(rng, count)
    results: dict[str, Any] = {}
    failures: list[str] = []
    results["failures"] = failures
    with served(ini, workers=4) as (url, proc):
        session_local = threading.local()

        def session() -> requests.Session:
            if not hasattr(session_local, "s"):
                session_local.s = requests.Session()
            return session_local.s

        def api_call(item: tuple[dict[str, Any], bool]) -> float:
            params, as_operator = item
            headers = {"Authorization": token} if as_operator else {}
            t0 = time.perf_counter()
            response = session().get(url + "/api/3/action/package_search",
                                     params=params, headers=headers,
                                     timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                failures.append(f"{params}: {response.status_code} "
                                f"{response.text[:200]}")
            return elapsed

        def page_call(params: dict[str, Any]) -> float:
            t0 = time.perf_counter()
            response = session().get(url + "/dataset/", params=params,
                                     timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                failures.append(f"/dataset {params}: "
                                f"{response.status_code}")
            return elapsed

        makers = list(mix.values())
        for warm in range(8):
            api_call(makers[warm % len(makers)]())
            page_call({})
        calls = [makers[i % len(makers)]() for i in range(len(makers) * 30)]
        with ThreadPoolExecutor(4) as pool:
            t0 = time.perf_counter()
            api = list(pool.map(api_call, calls))
            wall = time.perf_counter() - t0
        results["api"] = summary(api)
        results["api_rps"] = len(api) / wall
        words = corpus.topic_words()
        pages = [{"q": rng.choice(words)} if i % 2 else
                 {"page": rng.randint(1, 50)} for i in range(80)]
        with ThreadPoolExecutor(4) as pool:
            t0 = time.perf_counter()
            page = list(pool.map(page_call, pages))
            wall = time.perf_counter() - t0
        results["page"] = summary(page)
        results["page_rps"] = len(page) / wall
        results["worker_mb"] = worker_peak_mb(proc)
    return results


# -- 4. writes ----------------------------------------------------------------

def write_overhead(app: Any, org_id: str, repeat: int = 30
                   ) -> dict[str, float]:
    """Mean package_create and package_update as the OPD operator, with
    the index write and with it skipped (the same actions, no search
    plugin work)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.satudata.search.index import PgPackageSearchIndex
    real = PgPackageSearchIndex.index_package
    out: dict[str, float] = {}
    for label, patch in (("with index", None), ("without index",
                                                lambda *a, **k: None)):
        creates, updates = [], []
        if patch:
            PgPackageSearchIndex.index_package = patch  # type: ignore
        try:
            for i in range(repeat + 2):
                name = f"bench-write-{label[:4]}-{i}-{time.time_ns()}"
                with app._wsgi_app.test_request_context():
                    context = {"user": BENCH_USER}
                    t0 = time.perf_counter()
                    pkg = tk.get_action("package_create")(context, {
                        "name": name, "title": "Uji tulis " + name,
                        "owner_org": org_id, "private": True,
                        "notes": "Data uji benchmark"})
                    t1 = time.perf_counter()
                    tk.get_action("package_patch")(
                        {"user": BENCH_USER},
                        {"id": pkg["id"], "notes": "Diperbarui"})
                    t2 = time.perf_counter()
                    model.Session.remove()
                if i >= 2:
                    creates.append((t1 - t0) * 1000)
                    updates.append((t2 - t1) * 1000)
        finally:
            PgPackageSearchIndex.index_package = real  # type: ignore
        out[f"create {label}"] = statistics.mean(creates)
        out[f"update {label}"] = statistics.mean(updates)
    out["create overhead"] = (out["create with index"]
                              - out["create without index"])
    out["update overhead"] = (out["update with index"]
                              - out["update without index"])
    with app._wsgi_app.test_request_context():
        # the write-test datasets are not part of the catalogue
        ids = [r[0] for r in model.Session.execute(sa_text(
            "select id from package where name like 'bench-write-%'"))]
        for pid in ids:
            tk.get_action("dataset_purge")({"ignore_auth": True},
                                           {"id": pid})
        model.Session.remove()
    return out


# -- report -------------------------------------------------------------------

def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    pg = subprocess.run(["psql", "--version"], capture_output=True,
                        text=True).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
            f"{platform.platform()}, Python {platform.python_version()}, "
            f"{pg}")


def verdicts(figures: dict[str, float]) -> list[str]:
    lines = []
    for name, (limit, kind) in TARGETS.items():
        value = figures.get(name)
        if value is None:
            continue
        ok = value <= limit if kind == "max" else value >= limit
        sign = "≤" if kind == "max" else "≥"
        gap = "" if ok else (
            f" — missed by {abs(value - limit):.1f}"
            f" ({abs(value - limit) / limit:.0%})")
        lines.append(f"| {name} | {sign} {limit} | {value:.1f} | "
                     f"{'met' if ok else 'MISSED'}{gap} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", default="ckan.ini")
    parser.add_argument("-n", "--datasets", type=int, default=10000)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-rebuild", action="store_true",
                        help="reuse the index when the catalogue exists")
    parser.add_argument("--only-index", action="store_true",
                        help="generate and index, measure nothing else")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes rebuilding the index")
    parser.add_argument("--index-ids", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.datasets

    app = load_ckan(args.config)
    if args.index_ids:
        with app._wsgi_app.test_request_context():
            index_ids(args.index_ids)
        return
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    site = {"user": tk.get_action("get_site_user")(
        {"ignore_auth": True}, {})["name"], "ignore_auth": True}
    with app._wsgi_app.test_request_context():
        org_ids, group_ids, user_id = ensure_people(site)
        existing = bench_count()
        generated = existing != n
        if generated:
            if existing:
                print(f"Dropping the {existing} datasets of an earlier run")
                drop_catalogue()
            print(f"Generating {n} datasets")
            gen_seconds = generate(n, org_ids, group_ids, user_id)
            print(f"  {n / gen_seconds:.0f} datasets/s written")
        indexed = model.Session.scalar(sa_text(
            "select count(*) from satudata_search_index"))
        rate = single = None
        if generated or not args.skip_rebuild or indexed < n:
            print(f"Rebuilding the search index ({args.workers} processes)")
            rate = rebuild(args.config, args.workers)
            print(f"  {rate:.0f} datasets/s")
        if args.only_index:
            return
        print("Rebuild rate of one process (1,000 datasets)")
        single = single_process_rate()
        print(f"  {single:.0f} datasets/s")
        model.Session.remove()
        vacuum()
        token = tk.get_action("api_token_create")(
            dict(site), {"user": BENCH_USER, "name": "bench"})["token"]
        model.Session.remove()

    print("Query mix in-process, search cache off")
    explain_file = HERE / f"explain-{n}.txt"
    cache_key = "ckanext.satudata.search.cache_seconds"
    cache_seconds = tk.config.get(cache_key)
    tk.config[cache_key] = 0
    cold, statements = run_in_process(app, n, explain_file)
    tk.config[cache_key] = cache_seconds
    print(f"Query mix in-process, search cache on ({cache_seconds} s)")
    timings, _ = run_in_process(app, n, HERE / "explain-cached.txt")
    (HERE / "explain-cached.txt").unlink()
    scans = index_use(explain_file)
    in_process_peak = resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024

    http: dict[str, Any] = {}
    if not args.skip_http:
        print("Query mix over HTTP (gunicorn, 4 workers, 4 clients)")
        http = run_http(args.config, n, token)

    print("Create/update overhead")
    writes = write_overhead(app, org_ids["dinkes"])

    figures = {
        "package_search p50 (ms)": timings["mix"]["p50"],
        "package_search p95 (ms)": timings["mix"]["p95"],
        "package_search p50, cache off (ms)": cold["mix"]["p50"],
        "package_search p95, cache off (ms)": cold["mix"]["p95"],
        "create/update overhead (ms)": max(writes["create overhead"],
                                           writes["update overhead"]),
        "peak memory (MB)": max(in_process_peak,
                                http.get("worker_mb", 0)),
    }
    if rate is not None:
        figures["rebuild (datasets/s)"] = rate
    figures["rebuild, one process (datasets/s)"] = single
    if http:
        figures["HTTP API p95 (ms)"] = http["api"]["p95"]
        figures["/dataset page p95 (ms)"] = http["page"]["p95"]

    lines = [f"## N = {n:,} ({dt.date.today().isoformat()})", "",
             f"Machine: {machine()}", "",
             "### package_search in-process (ms, "
             f"{REPEAT} runs per type after 3 warm-up runs)", "",
             "| query | cache off p50 | p95 | max | cache on p50 | p95 | "
             "max | SQL statements (cache off) | scans |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, t in cold.items():
        w = timings[name]
        lines.append(f"| {name} | {t['p50']:.1f} | {t['p95']:.1f} | "
                     f"{t['max']:.1f} | {w['p50']:.1f} | {w['p95']:.1f} | "
                     f"{w['max']:.1f} | {statements.get(name, '')} | "
                     f"{scans.get(name, '')} |")
    lines += ["", f"SQL statements for one-word search with rows=1000: "
              f"{statements['one word, rows=1000']} (rows=10: "
              f"{statements['one word']}).", ""]
    if http:
        lines += ["### Over HTTP (gunicorn 4 sync workers, 4 concurrent "
                  "clients)", "",
                  "| endpoint | p50 | p95 | max | requests/s |",
                  "|---|---:|---:|---:|---:|",
                  f"| /api/3/action/package_search (mix) | "
                  f"{http['api']['p50']:.1f} | {http['api']['p95']:.1f} | "
                  f"{http['api']['max']:.1f} | {http['api_rps']:.1f} |",
                  f"| /dataset page | {http['page']['p50']:.1f} | "
                  f"{http['page']['p95']:.1f} | {http['page']['max']:.1f}"
                  f" | {http['page_rps']:.1f} |", "",
                  f"Peak memory of a gunicorn worker: "
                  f"{http['worker_mb']:.0f} MB.", "",
                  f"Answers other than 200: {len(http['failures'])}"
                  + "".join(f"\n- `{f}`" for f in http["failures"][:10]),
                  ""]
    lines += ["### Writes (ms, mean of 30, as an OPD operator)", "",
              "| action | with index | index write skipped | overhead |",
              "|---|---:|---:|---:|"]
    for action in ("create", "update"):
        lines.append(
            f"| package_{action} | {writes[f'{action} with index']:.1f} | "
            f"{writes[f'{action} without index']:.1f} | "
            f"{writes[f'{action} overhead']:.1f} |")
    lines += ["", "Index rebuild of the whole catalogue: "
              + (f"{rate:.0f} datasets/s with {args.workers} processes."
                 if rate else "not run (index reused)."),
              f"`ckan search-index rebuild` (one process) re-indexing "
              f"1,000 datasets: {single:.0f} datasets/s.",
              f"Peak memory of the benchmark process: "
              f"{in_process_peak:.0f} MB.", "",
              "### Targets", "", "| figure | target | measured | verdict |",
              "|---|---|---:|---|"] + verdicts(figures)
    text = "\n".join(lines) + "\n"
    (HERE / f"results-{n}.md").write_text(text)
    print()
    print(text)
    print(f"EXPLAIN ANALYZE of every statement: {explain_file}")


if __name__ == "__main__":
    main()
