"""A second, real CKAN 2.12 on loopback: the national Satu Data catalogue
(and, with an organisation of its own, an OPD's portal).

It runs from the same virtualenv with its own database
(``<test database>_national``, made by ``scripts/setup.sh test``), its
own storage and its own Redis database, and the plugins a catalogue that
harvests needs: ckanext-harvest (``harvest``, ``ckan_harvester``),
ckanext-dcat (``dcat``, ``dcat_rdf_harvester``) with our SDI profile, and
the SDI schema (ckanext-scheming with our dataset schema, so the SDI
fields it receives are kept). There is no Solr on these machines: it
searches with our PostgreSQL backend (``satudata_search``). It does not run
the verification workflow: like the national portal, it shows what it
harvests.

Harvests run with ckanext-harvest's own command, ``ckan harvester
run-test`` (gather, fetch and import in one process), as the harvester's
cron would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
TEST_INI = ROOT / "test.ini"
CKAN = Path(sys.executable).with_name("ckan")

PLUGINS = ("satudata satudata_search scheming_datasets "
           "scheming_organizations scheming_groups harvest ckan_harvester "
           "dcat dcat_rdf_harvester")
PROFILES = "euro_dcat_ap_3 satudata_sdi"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_settings(url: str, db: int | None = None) -> dict[str, str]:
    """ckanext-harvest's queue settings on the Redis of ``url``."""
    parts = urlsplit(url)
    path_db = parts.path.strip("/") or "0"
    return {
        "ckan.harvest.mq.type": "redis",
        "ckan.harvest.mq.hostname": parts.hostname or "127.0.0.1",
        "ckan.harvest.mq.port": str(parts.port or 6379),
        "ckan.harvest.mq.redis_db": str(db if db is not None else path_db),
    }


def national_db_url() -> str:
    return os.environ.get(
        "CKAN_SQLALCHEMY_URL",
        "postgresql://satudata:satudata@127.0.0.1:5432/satudata_test",
    ) + "_national"


def _redis_url(db: int) -> str:
    base = urlsplit(os.environ.get("CKAN_REDIS_URL",
                                   "redis://127.0.0.1:6379/2"))
    return urlunsplit(base._replace(path=f"/{db}"))


class RemoteCkan:
    """The second CKAN: ``url``, ``api()`` with the sysadmin's token,
    ``ckan()`` for its command line."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "national.log"
        self.ini = directory / "national.ini"
        self.token = ""
        self.proc: subprocess.Popen | None = None
        redis_url = _redis_url(int(os.environ.get(
            "SATUDATA_NATIONAL_REDIS_DB", "9")))
        settings = {
            "sqlalchemy.url": national_db_url(),
            "ckan.site_url": self.url,
            "ckan.site_id": "satudata-national",
            "ckan.storage_path": str(directory / "storage"),
            "ckan.redis.url": redis_url,
            "ckan.plugins": PLUGINS,
            "ckanext.dcat.rdf.profiles": PROFILES,
            "ckan.devserver.threaded": "true",
            "ckan.auth.create_unowned_dataset": "false",
            **redis_settings(redis_url),
        }
        lines = ["[app:main]", f"use = config:{TEST_INI}"]
        lines += [f"{key} = {value}" for key, value in settings.items()]
        self.ini.write_text("\n".join(lines) + "\n")
        # the command line reads these before the ini (tests set them)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("CKAN_")}
        self.env.update(CKAN_INI=str(self.ini),
                        CKAN_SQLALCHEMY_URL=national_db_url(),
                        CKAN_REDIS_URL=redis_url, CKAN_SITE_URL=self.url)

    # -- the command line --------------------------------------------------
    def ckan(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            [str(CKAN), "-c", str(self.ini), *args], env=self.env, cwd=ROOT,
            capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(
                f"ckan {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def fresh_database(self) -> None:
        """An empty database with CKAN's tables and the plugins'."""
        engine = sa.create_engine(national_db_url())
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        self.ckan("db", "init")
        for plugin in ("harvest", "satudata_search"):
            self.ckan("db", "upgrade", "-p", plugin)

    def add_sysadmin(self, name: str = "nasional") -> None:
        self.ckan("user", "add", name, "email=admin@nasional.test",
                  "password=correct123")
        self.ckan("sysadmin", "add", name)
        out = self.ckan("user", "token", "add", name, "federation-tests")
        self.token = out.strip().splitlines()[-1].strip()

    # -- the server ----------------------------------------------------------
    def start(self) -> None:
        out = self.log.open("w")
        self.proc = subprocess.Popen(
            [str(CKAN), "-c", str(self.ini), "run", "--host", "127.0.0.1",
             "--port", str(self.port), "--disable-reloader"],
            stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"national CKAN died:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/api/3/action/status_show",
                                timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"national CKAN did not start:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    # -- the API -----------------------------------------------------------
    def api(self, action: str, **data: Any) -> Any:
        response = requests.post(
            f"{self.url}/api/3/action/{action}", json=data,
            headers={"Authorization": self.token}, timeout=60)
        body = response.json()
        if not body.get("success"):
            raise AssertionError(
                f"{action} failed on the national CKAN: {body.get('error')}"
                f"\n{self.log_tail(2000)}")
        return body["result"]

    def harvest(self, source: str) -> None:
        """One harvest of ``source``, as ckanext-harvest's command runs
        it (gather, fetch, import)."""
        out = self.ckan("harvester", "run-test", source)
        with (self.directory / "harvests.log").open("a") as log:
            log.write(out)

    def report(self, source: str) -> dict[str, Any]:
        """The last job of ``source``: its stats and error summaries (for
        the messages of failing assertions)."""
        jobs = self.api("harvest_job_list", source_id=source)
        if not jobs:
            return {}
        job = self.api("harvest_job_show", id=jobs[0]["id"])
        return {key: job.get(key) for key in (
            "status", "stats", "gather_error_summary",
            "object_error_summary")}

    def datasets(self, org: str) -> dict[str, dict[str, Any]]:
        """The datasets of ``org`` on the national CKAN, by title."""
        found = self.api("package_search", fq=f"organization:{org}",
                         rows=1000, include_private=True)
        return {pkg["title"]: pkg for pkg in found["results"]}

    def source(self, name: str, url: str, source_type: str, org: str,
               config: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.api("harvest_source_create", name=name, title=name,
                        url=url, source_type=source_type, owner_org=org,
                        frequency="MANUAL",
                        config=json.dumps(config or {}))
