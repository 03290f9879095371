"""Actions of the federation plugin (``satudata_federation``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context, DataDict

from ckanext.satudata.workflow import machine
from ckanext.satudata.workflow.model import WorkflowState

from . import harvest

#: errors listed per source (the newest first)
ERRORS_SHOWN = 20
#: what an import error starts with, to a reader, when it is longer
MESSAGE_CHARS = 600


def _stamp(value: dt.datetime | str | None) -> str | None:
    if isinstance(value, str):  # ckanext-harvest sets some as text
        value = dt.datetime.fromisoformat(value)
    return value.isoformat() if value else None


def _last_jobs(source_ids: list[str]) -> dict[str, Any]:
    from ckanext.harvest.model import HarvestJob

    if not source_ids:
        return {}
    rows = model.Session.scalars(
        sa.select(HarvestJob)
        .where(HarvestJob.source_id.in_(source_ids))
        .order_by(HarvestJob.source_id, HarvestJob.created.desc())
        .distinct(HarvestJob.source_id)
        .execution_options(populate_existing=True))
    return {job.source_id: job for job in rows}


def _stats(job_ids: list[str]) -> dict[str, dict[str, int]]:
    """Per job, its datasets by outcome; ``errored`` counts the datasets
    with an error and the errors reading the source (as ckanext-harvest
    counts them)."""
    from ckanext.harvest.model import (
        HarvestGatherError,
        HarvestObject,
        HarvestObjectError,
    )

    out: dict[str, dict[str, int]] = {
        job: {"added": 0, "updated": 0, "not modified": 0, "errored": 0,
              "deleted": 0} for job in job_ids}
    if not job_ids:
        return out
    rows = model.Session.execute(
        sa.select(HarvestObject.harvest_job_id, HarvestObject.report_status,
                  sa.func.count())
        .where(HarvestObject.harvest_job_id.in_(job_ids),
               HarvestObject.report_status.isnot(None))
        .group_by(HarvestObject.harvest_job_id,
                  HarvestObject.report_status))
    for job_id, status, count in rows:
        out[job_id][status] = count
    with_errors = dict(model.Session.execute(
        sa.select(HarvestObject.harvest_job_id,
                  sa.func.count(sa.distinct(HarvestObject.id)))
        .join(HarvestObjectError,
              HarvestObjectError.harvest_object_id == HarvestObject.id)
        .where(HarvestObject.harvest_job_id.in_(job_ids))
        .group_by(HarvestObject.harvest_job_id)).all())
    gather = dict(model.Session.execute(
        sa.select(HarvestGatherError.harvest_job_id, sa.func.count())
        .where(HarvestGatherError.harvest_job_id.in_(job_ids))
        .group_by(HarvestGatherError.harvest_job_id)).all())
    for job_id, stats in out.items():
        if with_errors.get(job_id):
            stats["errored"] = with_errors[job_id]
        stats["errored"] += gather.get(job_id, 0)
    return out


def _errors(job_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The gather and import errors of the jobs, newest first, at most
    ERRORS_SHOWN a job (one query each kind, ranked in SQL)."""
    from ckanext.harvest.model import (
        HarvestGatherError,
        HarvestObject,
        HarvestObjectError,
    )

    out: dict[str, list[dict[str, Any]]] = {job: [] for job in job_ids}
    if not job_ids:
        return out
    gather = sa.select(
        HarvestGatherError.harvest_job_id.label("job_id"),
        sa.literal("gather").label("stage"),
        HarvestGatherError.message, HarvestGatherError.created,
        sa.null().label("guid"), sa.null().label("package_id"),
    ).where(HarvestGatherError.harvest_job_id.in_(job_ids))
    objects = sa.select(
        HarvestObject.harvest_job_id.label("job_id"),
        sa.func.lower(HarvestObjectError.stage).label("stage"),
        HarvestObjectError.message, HarvestObjectError.created,
        HarvestObject.guid, HarvestObject.package_id,
    ).join(HarvestObject,
           HarvestObject.id == HarvestObjectError.harvest_object_id
           ).where(HarvestObject.harvest_job_id.in_(job_ids))
    both = sa.union_all(gather, objects).subquery()
    ranked = sa.select(
        both, sa.func.row_number().over(
            partition_by=both.c.job_id,
            order_by=both.c.created.desc()).label("rank")).subquery()
    rows = model.Session.execute(
        sa.select(ranked).where(ranked.c.rank <= ERRORS_SHOWN)
        .order_by(ranked.c.job_id, ranked.c.rank))
    for row in rows:
        message = (row.message or "").strip()
        if len(message) > MESSAGE_CHARS:
            message = message[:MESSAGE_CHARS] + "…"
        out[row.job_id].append({
            "stage": row.stage, "message": message,
            "created": _stamp(row.created), "guid": row.guid,
            "package_id": row.package_id})
    return out


def _waiting(source_ids: list[str]) -> dict[str, int]:
    """Per source, its datasets (or their revisions) that wait for the
    walidata (verified)."""
    from ckanext.harvest.model import HarvestObject

    if not source_ids:
        return {}
    rows = model.Session.execute(
        sa.select(HarvestObject.harvest_source_id,
                  sa.func.count(sa.distinct(WorkflowState.package_id)))
        .join(WorkflowState,
              WorkflowState.package_id == HarvestObject.package_id)
        .where(HarvestObject.harvest_source_id.in_(source_ids),
               HarvestObject.current.is_(True),
               WorkflowState.state == machine.VERIFIED)
        .group_by(HarvestObject.harvest_source_id))
    return dict(rows.all())


@tk.side_effect_free
def satudata_harvest_status(context: Context,
                            data_dict: DataDict) -> dict[str, Any]:
    """The harvest sources and how their last run went (walidata).

    :returns: ``{"sources": [...]}``, each with ``id``, ``name``,
        ``title``, ``url``, ``type``, ``frequency``, ``opd`` (``name``,
        ``title``), ``state`` (the workflow state its datasets enter),
        ``trusted``, ``waiting`` (its datasets waiting for publication),
        ``last_job`` (``None`` before the first run; else ``id``,
        ``status``, ``created``, ``finished``, ``stats`` with ``added``,
        ``updated``, ``not modified``, ``errored``, ``deleted``) and
        ``errors`` (of the last run, newest first: ``stage``, ``message``,
        ``created``, ``guid``, ``package_id``).

    Errors: 403 for anyone but the walidata.
    """
    tk.check_access("satudata_harvest_status", context, data_dict)
    if not p.plugin_loaded("harvest"):
        return {"sources": []}
    from ckanext.harvest.model import HarvestSource

    sources = list(model.Session.scalars(
        sa.select(HarvestSource)
        .join(model.Package, model.Package.id == HarvestSource.id)
        .where(HarvestSource.active.is_(True),
               model.Package.state == "active")
        .order_by(sa.func.lower(HarvestSource.title))))
    packages = {pkg.id: pkg for pkg in model.Session.scalars(
        sa.select(model.Package).where(
            model.Package.id.in_([s.id for s in sources])))}
    wanted = {s.id: harvest.settings(s) for s in sources}
    org_ids = {wanted[s.id].opd or packages[s.id].owner_org
               for s in sources} - {None}
    orgs = {org.id: org for org in model.Session.scalars(
        sa.select(model.Group).where(model.Group.id.in_(org_ids)))}
    jobs = _last_jobs([s.id for s in sources])
    job_ids = [job.id for job in jobs.values()]
    stats = _stats(job_ids)
    errors = _errors(job_ids)
    waiting = _waiting([s.id for s in sources])
    out = []
    for source in sources:
        settings = wanted[source.id]
        org = orgs.get(settings.opd or packages[source.id].owner_org or "")
        job = jobs.get(source.id)
        out.append({
            "id": source.id, "name": packages[source.id].name,
            "title": source.title or packages[source.id].title,
            "url": source.url, "type": source.type,
            "frequency": source.frequency,
            "opd": {"name": org.name, "title": org.title} if org else None,
            "state": settings.state, "trusted": settings.trusted,
            "waiting": waiting.get(source.id, 0),
            "last_job": None if job is None else {
                "id": job.id, "status": job.status,
                "created": _stamp(job.created),
                "finished": _stamp(job.finished),
                "stats": stats[job.id]},
            "errors": errors.get(job.id, []) if job else [],
        })
    return {"sources": out}


def get_actions() -> dict[str, Any]:
    return {"satudata_harvest_status": satudata_harvest_status,
            **harvest.get_actions()}
