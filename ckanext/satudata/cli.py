"""The ``ckan satudata`` command group."""

from __future__ import annotations

import click


@click.group(short_help="Satu Data portal commands")
def satudata() -> None:
    """Satu Data Indonesia portal commands."""


@satudata.command("demo-data")
def demo_data() -> None:
    """Create the demo organisations, users, groups and datasets, and with
    satudata_workflow take them through the workflow (idempotent)."""
    from ckanext.satudata import demo

    demo.create_demo_content(echo=click.echo)


@satudata.group("codelists")
def codelists_group() -> None:
    """Reference code lists (Kode Referensi): report and update."""


@codelists_group.command("list")
def codelists_list() -> None:
    """Every code list with its size, version, date and source."""
    from ckanext.satudata import codelists

    for name in codelists.names():
        lst = codelists.get(name)
        click.echo(f"{name:<22} {len(lst):>6} codes  version {lst.version}"
                   f"  ({lst.date})  {lst.title('id')}")
        click.echo(f"{'':<22} source: {lst.source}")


@codelists_group.command("show")
@click.argument("name")
@click.option("--parent", help="Only the codes under this parent code.")
@click.option("--lang", default="id", type=click.Choice(["id", "en"]))
def codelists_show(name: str, parent: str | None, lang: str) -> None:
    """The codes and labels of one list."""
    from ckanext.satudata import codelists

    try:
        lst = codelists.get(name)
    except KeyError:
        raise click.BadParameter(
            f"no code list {name!r}; see `ckan satudata codelists list`",
            param_hint="NAME") from None
    items = lst.children(parent) if parent else list(lst)
    for item in items:
        click.echo(f"{item.code}\t{item.label(lang)}")


@codelists_group.command("import-regions")
@click.argument("source", type=click.Path(exists=True, file_okay=False))
def codelists_import_regions(source: str) -> None:
    """Rewrite the Kemendagri region lists from an unpacked release of the
    idn-area-data package (`npm pack idn-area-data@VERSION`, then
    `tar xzf` it); update version and date in codelists/manifest.yaml."""
    from pathlib import Path

    from ckanext.satudata import codelists

    try:
        counts = codelists.import_regions(Path(source))
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    for name, count in counts.items():
        click.echo(f"{name}: {count} codes")


@satudata.command("completeness")
@click.option("--org", "org_name", help="Only this OPD (organisation name).")
@click.option("--all", "show_all", is_flag=True,
              help="List complete datasets too.")
def completeness_report(org_name: str | None, show_all: bool) -> None:
    """Datasets that lack mandatory SDI metadata, per OPD."""
    import ckan.plugins.toolkit as tk

    from ckanext.satudata.logic.action import completeness

    context = {"ignore_auth": True}
    fq = "+dataset_type:(dataset OR kegiatan)"
    if org_name:
        fq += ' +organization:"{}"'.format(org_name.replace('"', '\\"'))
    start, per_org, total = 0, {}, 0
    while True:
        page = tk.get_action("package_search")(context, {
            "fq": fq, "rows": 1000, "start": start, "sort": "name asc",
            "include_private": True, "include_drafts": True})
        for pkg in page["results"]:
            report = completeness(pkg)
            total += 1
            if report["complete"] and not show_all:
                continue
            org = (pkg.get("organization") or {}).get("name") or "-"
            per_org.setdefault(org, []).append(report)
        start += len(page["results"])
        if not page["results"] or start >= page["count"]:
            break
    incomplete = 0
    for org in sorted(per_org):
        click.echo(org)
        for report in per_org[org]:
            fields = ", ".join(m["field"] for m in report["missing"])
            incomplete += not report["complete"]
            status = "lengkap" if report["complete"] else f"kurang: {fields}"
            click.echo(f"  {report['name']}: {status}")
    click.echo(f"{incomplete} of {total} datasets incomplete")


@satudata.command("purge-dataset")
@click.argument("dataset")
@click.option("--user", "user_name", required=True,
              help="The sysadmin who purges (recorded in the audit trail).")
@click.option("--yes", is_flag=True,
              help="Do not ask for confirmation.")
def purge_dataset(dataset: str, user_name: str, yes: bool) -> None:
    """Destroy a withdrawn (or draft) dataset for good: its metadata,
    resources, files, previous versions and revision copies. Asks for
    confirmation; the audit trail records who purged what. Published data
    is withdrawn first (satudata_dataset_withdraw)."""
    import ckan.model as model

    from ckanext.satudata.workflow import machine, revision, roles, state

    who = roles.actor(user_name)
    if who.user is None or not who.sysadmin:
        raise click.ClickException(
            f"{user_name!r} is not an active sysadmin: only sysadmins purge")
    pkg = model.Package.get(dataset)
    if pkg is None:
        raise click.ClickException(f"no dataset {dataset!r}")
    current = state.current(pkg) if state.applies(pkg) else pkg.state
    if current in (machine.PUBLISHED, machine.SUBMITTED, machine.VERIFIED):
        raise click.ClickException(
            f"{pkg.name} is {current}: only withdrawn or draft data is "
            "purged (withdraw it first)")
    plan = revision.purge_plan(pkg)
    click.echo(f"Dataset: {pkg.title} ({pkg.name}, {current})")
    click.echo(f"Revision copies: {len(plan['copies'])}, previous "
               f"versions: {len(plan['versions'])}, files: "
               f"{len(plan['files'])}")
    if not yes and not click.confirm(
            "Destroy all of this for good? It cannot be undone"):
        click.echo("Nothing purged.")
        return
    name = pkg.name
    done = revision.purge(pkg, who)
    click.echo(f"Purged {name} by {who.name}: {done['copies']} "
               f"copies, {done['versions']} versions, {done['files']} "
               "files.")
