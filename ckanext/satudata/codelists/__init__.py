"""Reference code lists (Kode Referensi) as data files.

Pure Python (no CKAN imports). Two kinds of file live in this folder:

- ``enumerations.yaml``: small lists (jenis data, frekuensi, BPS
  enumerations), each with its title, source, version, date and items;
- ``manifest.yaml`` + one CSV per large list (``code,parent,id,en``):
  Kemendagri region codes at three levels, urusan pemerintahan, BPS sectors.

:func:`get` returns a :class:`CodeList` by name; lists are read once and
kept. Codes are what is stored and exported; labels are what people see.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
from pathlib import Path
from typing import Iterable, Iterator

import yaml

HERE = Path(__file__).resolve().parent
REGION_LISTS = ("wilayah_provinsi", "wilayah_kabkota", "wilayah_kecamatan")


@dataclasses.dataclass(frozen=True)
class Item:
    code: str
    label_id: str
    label_en: str
    parent: str | None = None

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


@dataclasses.dataclass(frozen=True)
class CodeList:
    name: str
    title_id: str
    title_en: str
    source: str
    version: str
    date: str
    items: tuple[Item, ...]
    parent_list: str | None = None

    @functools.cached_property
    def by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def label(self, code: str, lang: str = "id") -> str:
        """The label of a code; the code itself when it is unknown."""
        item = self.by_code.get(code)
        return item.label(lang) if item else code

    def children(self, parent: str) -> list[Item]:
        return [item for item in self.items if item.parent == parent]

    def title(self, lang: str = "id") -> str:
        return self.title_en if lang == "en" else self.title_id


def _read_csv(path: Path) -> tuple[Item, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Item(row["code"], row["id"], row.get("en") or row["id"],
                 row.get("parent") or None)
            for row in csv.DictReader(handle))


def _codelist(name: str, spec: dict, items: tuple[Item, ...]) -> CodeList:
    return CodeList(
        name=name, title_id=spec["title"]["id"],
        title_en=spec["title"]["en"], source=spec["source"],
        version=str(spec["version"]), date=str(spec["date"]), items=items,
        parent_list=spec.get("parent_list"))


def _read_yaml(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


@functools.cache
def _load_all() -> dict[str, CodeList]:
    lists: dict[str, CodeList] = {}
    for name, spec in _read_yaml("enumerations.yaml").items():
        lists[name] = _codelist(name, spec, tuple(
            Item(str(i["code"]), i["id"], i["en"]) for i in spec["items"]))
    for name, spec in _read_yaml("manifest.yaml").items():
        lists[name] = _codelist(name, spec, _read_csv(HERE / spec["file"]))
    return lists


def names() -> list[str]:
    return sorted(_load_all())


def get(name: str) -> CodeList:
    """The code list called ``name``; KeyError when there is none."""
    return _load_all()[name]


def reload() -> None:
    """Forget the lists read so far (after the files changed)."""
    _load_all.cache_clear()


def region(code: str) -> tuple[str, Item] | None:
    """The region list and item of a Kemendagri code (any level)."""
    for name in REGION_LISTS:
        item = get(name).by_code.get(code)
        if item:
            return name, item
    return None


def region_path(code: str) -> list[Item]:
    """A region and the regions that contain it, widest first."""
    path: list[Item] = []
    found = region(code)
    while found:
        name, item = found
        path.insert(0, item)
        parent_list = get(name).parent_list
        found = (parent_list, get(parent_list).by_code[item.parent]) if (
            parent_list and item.parent in get(parent_list).by_code) else None
    return path


def import_regions(source_dir: Path, target_dir: Path = HERE) -> dict:
    """Rewrite the three region files from an idn-area-data release folder
    (its ``data/provinces.csv``, ``regencies.csv``, ``districts.csv``).

    Returns the number of codes per level. Raises ValueError when a file is
    missing or a code does not fit the Kemendagri pattern."""
    data = source_dir / "data" if (source_dir / "data").is_dir() else (
        source_dir)
    plan = [("provinces.csv", "wilayah_provinsi.csv", None, 2),
            ("regencies.csv", "wilayah_kabkota.csv", "province_code", 5),
            ("districts.csv", "wilayah_kecamatan.csv", "regency_code", 8)]
    counts = {}
    for src_name, dst_name, parent_key, length in plan:
        src = data / src_name
        if not src.is_file():
            raise ValueError(f"{src} is missing")
        with src.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if len(row["code"]) != length:
                raise ValueError(f"{src_name}: unexpected code {row['code']}")
        with (target_dir / dst_name).open(
                "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["code", "parent", "id", "en"])
            for row in rows:
                writer.writerow([row["code"], row.get(parent_key, "") if
                                 parent_key else "", row["name"], row["name"]])
        counts[dst_name] = len(rows)
    reload()
    return counts


def validate_codes(list_name: str, codes: Iterable[str]) -> list[str]:
    """The codes that are not in the list."""
    known = get(list_name).by_code
    return [code for code in codes if code not in known]
