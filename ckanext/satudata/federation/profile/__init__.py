"""The SDI DCAT profile (``satudata_sdi``): the Satu Data Indonesia
metadata of our two dataset types in RDF, on top of DCAT-AP 3.

It runs chained after ckanext-dcat's DCAT-AP 3 profile::

    ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata_sdi

DCAT-AP 3 writes the core CKAN fields (title, notes, tags, licence,
publisher, resources); this profile adds the SDI fields of
``schemas/dataset.yaml`` and ``schemas/kegiatan.yaml``. Where DCAT,
DCAT-AP, Dublin Core, vCard, PROV or SKOS has a term for a field it is
used, with the EU vocabularies for frequency, access rights and dataset
type; everything else goes to the ``satudata:`` namespace (:data:`SD`).
Reference code lists (Kode Referensi) become URIs under :data:`KODE`:
Kemendagri regions, urusan, BPS sectors, data standards. Small
enumerations stay literal codes. README, "Field-to-DCAT mapping", has
the table.

Parsing gives back the SDI fields as top-level keys the way scheming
stores them (multi-value code fields as lists, repeating subfields as
lists of dicts) and removes what DCAT-AP 3 parsed from the same triples
into ``extras`` or other keys, so a harvested record carries each value
once. SDI fields are also filled from plain DCAT-AP sources where the
standard term says enough (contact point, EU frequency, access rights).
"""

from __future__ import annotations

import json
from typing import Any, Iterable
from urllib.parse import quote, unquote

from ckanext.dcat.profiles import (
    ADMS,
    DCAT,
    DCT,
    FOAF,
    LOCN,
    RDF,
    SKOS,
    VCARD,
    XSD,
    RDFProfile,
)
from ckanext.dcat.utils import catalog_uri, resource_uri
from rdflib import PROV, BNode, Literal, URIRef
from rdflib.term import Node

from ckanext.satudata import codelists

from .terms import (
    ACCESS,
    ACCESS_IN,
    BOOL,
    CODES,
    DATASET_CONTACT,
    DATASET_FIELDS,
    DATASET_TYPE,
    DATASET_TYPE_IN,
    DATE,
    FREQUENCY,
    FREQUENCY_IN,
    INDICATOR_FIELDS,
    INT,
    KEGIATAN_CONTACT,
    KEGIATAN_FIELDS,
    KODE,
    NO,
    ORGANISER,
    ROMANTIK,
    SD,
    STAGE_FIELDS,
    VARIABLE_FIELDS,
    YES,
    code_uri,
    codes_of,
    ordered_codes,
    period_bounds,
    uri_code,
)


class SatuDataProfile(RDFProfile):
    """Satu Data Indonesia metadata (Standar Data, Kode Referensi, MS-Keg,
    MS-Ind, MS-Var) on top of DCAT-AP 3; see the module docstring."""

    # -- CKAN -> RDF -------------------------------------------------------

    def graph_from_catalog(self, catalog_dict: Any, catalog_ref: Node
                           ) -> None:
        self.g.bind("satudata", SD)

    def graph_from_dataset(self, dataset_dict: dict[str, Any],
                           dataset_ref: Node) -> None:
        self.g.bind("satudata", SD)
        self.g.bind("prov", PROV)
        kegiatan = dataset_dict.get("type") == "kegiatan"
        self._write(dataset_ref, dataset_dict,
                    KEGIATAN_FIELDS if kegiatan else DATASET_FIELDS)
        self._write_coded(dataset_ref, DCT.accrualPeriodicity, SD.frekuensi,
                          self._value(dataset_dict, "frekuensi"),
                          FREQUENCY, FREQUENCY_IN)
        self._write_themes(dataset_ref, dataset_dict)
        self._write_regions(dataset_ref, dataset_dict)
        if kegiatan:
            self._write_kegiatan(dataset_ref, dataset_dict)
        else:
            self._write_dataset(dataset_ref, dataset_dict)
        self._write_resources(dataset_dict)

    def _write_dataset(self, ref: Node, data: dict[str, Any]) -> None:
        g = self.g
        self._write_coded(ref, DCT.accessRights, SD.klasifikasiAkses,
                          self._value(data, "klasifikasi_akses"), ACCESS,
                          ACCESS_IN)
        self._write_coded(ref, DCT.type, SD.jenisData,
                          self._value(data, "jenis_data"), DATASET_TYPE,
                          DATASET_TYPE_IN)
        self._write_standard(ref, self._value(data, "kode_standar_data"))
        year = self._value(data, "tahun_data")
        if year and str(year).isdigit():
            start, end = period_bounds(
                str(year), self._value(data, "periode_data"))
            period = BNode()
            g.add((ref, DCT.temporal, period))
            g.add((period, RDF.type, DCT.PeriodOfTime))
            self._add_date_triple(period, DCAT.startDate, start)
            self._add_date_triple(period, DCAT.endDate, end)
        self._write_node(ref, DCAT.contactPoint, VCARD.Kind, data,
                         DATASET_CONTACT, email="kontak_email")
        name = self._value(data, "kegiatan")
        if name:
            activity = URIRef(self._kegiatan_page(name))
            g.add((ref, PROV.wasGeneratedBy, activity))
            g.add((activity, RDF.type, PROV.Activity))
            g.add((activity, SKOS.notation, Literal(name)))
        indicator = self._write_node(ref, SD.indikator, SD.Indikator, data,
                                     INDICATOR_FIELDS)
        if indicator is not None:
            self._write_standard(indicator,
                                 self._value(data, "ind_kode_sds"))
        for i, item in enumerate(self._items(data, "variabel"), 1):
            node = self._write_node(ref, SD.variabel, SD.Variabel, item,
                                    VARIABLE_FIELDS)
            if node is not None:
                g.add((node, SD.urutan, Literal(i)))
                self._write_standard(node, item.get("kode_sds"))

    def _write_kegiatan(self, ref: Node, data: dict[str, Any]) -> None:
        g = self.g
        g.add((ref, RDF.type, SD.KegiatanStatistik))
        if data.get("name"):
            page = URIRef(self._kegiatan_page(data["name"]))
            g.add((ref, DCAT.landingPage, page))
            g.add((page, RDF.type, FOAF.Document))
        rekomendasi = self._value(data, "id_rekomendasi")
        if rekomendasi:
            node = BNode()
            g.add((ref, ADMS.identifier, node))
            g.add((node, RDF.type, ADMS.Identifier))
            g.add((node, SKOS.notation, Literal(rekomendasi)))
            g.add((node, ADMS.schemaAgency, Literal(ROMANTIK)))
        organiser = self._write_node(
            ref, DCT.creator, FOAF.Agent, data, ORGANISER,
            email="penyelenggara_email")
        address = self._value(data, "penyelenggara_alamat")
        if address:
            if organiser is None:
                organiser = self._new_node(ref, DCT.creator, FOAF.Agent)
            node = self._new_node(organiser, LOCN.address, LOCN.Address)
            g.add((node, LOCN.fullAddress, Literal(address)))
        self._write_node(ref, DCAT.contactPoint, VCARD.Organization, data,
                         KEGIATAN_CONTACT)
        for i, item in enumerate(self._items(data, "jadwal"), 1):
            node = self._write_node(ref, SD.jadwal, DCT.PeriodOfTime, item,
                                    STAGE_FIELDS)
            if node is not None:
                g.add((node, RDF.type, SD.TahapKegiatan))
                g.add((node, SD.urutan, Literal(i)))

    def _write_themes(self, ref: Node, data: dict[str, Any]) -> None:
        for scheme in ("urusan", "sektor"):
            for code in codes_of(self._value(data, scheme)):
                concept = code_uri(scheme, code)
                self.g.add((ref, DCAT.theme, concept))
                self._describe_concept(concept, scheme, code, SKOS.Concept)

    def _write_regions(self, ref: Node, data: dict[str, Any]) -> None:
        codes = codes_of(self._value(data, "cakupan_wilayah"))
        for code in codes:
            region = code_uri("wilayah", code)
            self.g.add((ref, DCT.spatial, region))
            self.g.add((region, RDF.type, DCT.Location))
            found = codelists.region(code)
            self._describe_concept(region, "wilayah", code, SKOS.Concept,
                                   found[1] if found else None)
            if found and found[1].parent:
                self.g.add((region, SKOS.broader,
                            code_uri("wilayah", found[1].parent)))

    def _describe_concept(self, concept: URIRef, scheme: str, code: str,
                          _class: URIRef, item: Any = None) -> None:
        g = self.g
        g.add((concept, RDF.type, _class))
        g.add((concept, SKOS.notation, Literal(code)))
        g.add((concept, SKOS.inScheme, URIRef(f"{KODE}{scheme}")))
        if item is None and scheme != "wilayah":
            item = codelists.get(scheme).by_code.get(code)
        if item is not None:
            g.add((concept, SKOS.prefLabel, Literal(item.label_id,
                                                    lang="id")))
            if item.label_en != item.label_id:
                g.add((concept, SKOS.prefLabel, Literal(item.label_en,
                                                        lang="en")))

    def _write_standard(self, ref: Node, code: Any) -> None:
        if not code:
            return
        standard = code_uri("standar-data", code)
        self.g.add((ref, DCT.conformsTo, standard))
        self.g.add((standard, RDF.type, DCT.Standard))
        self.g.add((standard, DCT.identifier, Literal(code)))

    def _write_coded(self, ref: Node, predicate: URIRef, native: URIRef,
                     code: Any, mapping: dict[str, URIRef],
                     inverse: dict[URIRef, str]) -> None:
        """A code as the standard vocabulary's URI where it has one, and as
        a literal ``native`` code where the URI does not give it back."""
        if not code:
            return
        uri = mapping.get(code)
        if uri is not None:
            self.g.add((ref, predicate, uri))
        if inverse.get(uri) != code:
            self.g.add((ref, native, Literal(code)))

    def _write_resources(self, data: dict[str, Any]) -> None:
        for resource in data.get("resources") or []:
            period = resource.get("periode_data")
            if period and resource.get("id"):
                distribution = URIRef(resource_uri(resource))
                self.g.add((distribution, SD.periodeData, Literal(period)))

    def _write(self, subject: Node, data: dict[str, Any],
               fields: Iterable[tuple]) -> bool:
        """Simple fields of ``data`` as triples of ``subject``; whether any
        was written."""
        written = False
        for field, predicate, kind in fields:
            value = self._value(data, field)
            if value in (None, "", []):
                continue
            written = True
            if kind == CODES:
                for code in codes_of(value):
                    self.g.add((subject, predicate, Literal(code)))
            elif kind == DATE:
                self._add_date_triple(subject, predicate, str(value))
            elif kind == INT and str(value).lstrip("-").isdigit():
                self.g.add((subject, predicate, Literal(int(value))))
            elif kind == BOOL and value in (YES, NO):
                self.g.add((subject, predicate, Literal(value == YES)))
            else:
                self.g.add((subject, predicate, Literal(value)))
        return written

    def _write_node(self, subject: Node, predicate: URIRef, _class: URIRef,
                    data: dict[str, Any], fields: Iterable[tuple],
                    email: str | None = None) -> BNode | None:
        """A blank node with the simple ``fields`` of ``data`` (and a vCard
        e-mail); None when there is nothing to write."""
        node = BNode()
        written = self._write(node, data, fields)
        mail = self._value(data, email) if email else None
        if mail:
            self.g.add((node, VCARD.hasEmail,
                        URIRef(self._add_mailto(mail))))
        if not (written or mail):
            return None
        self.g.add((subject, predicate, node))
        self.g.add((node, RDF.type, _class))
        return node

    def _new_node(self, subject: Node, predicate: URIRef, _class: URIRef
                  ) -> BNode:
        node = BNode()
        self.g.add((subject, predicate, node))
        self.g.add((node, RDF.type, _class))
        return node

    def _value(self, data: dict[str, Any], key: str) -> Any:
        return self._get_dict_value(data, key)

    def _items(self, data: dict[str, Any], key: str) -> list[dict]:
        value = self._value(data, key) or []
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return []
        return [item for item in value if isinstance(item, dict)]

    @staticmethod
    def _kegiatan_page(name: str) -> str:
        return f"{catalog_uri().rstrip('/')}/kegiatan/{quote(name)}"

    # -- RDF -> CKAN -------------------------------------------------------

    def parse_dataset(self, dataset_dict: dict[str, Any],
                      dataset_ref: Node) -> dict[str, Any]:
        if (dataset_ref, RDF.type, SD.KegiatanStatistik) in self.g:
            dataset_dict["type"] = "kegiatan"
        kegiatan = dataset_dict.get("type") == "kegiatan" or (
            (self._dataset_schema or {}).get("dataset_type") == "kegiatan")
        dataset_dict.setdefault("extras", [])
        self._read(dataset_ref, dataset_dict,
                   KEGIATAN_FIELDS if kegiatan else DATASET_FIELDS)
        frequency = self._read_coded(dataset_ref, DCT.accrualPeriodicity,
                                     SD.frekuensi, FREQUENCY_IN)
        if frequency:
            dataset_dict["frekuensi"] = frequency
            self._drop_extra(dataset_dict, "frequency", self._objects(
                dataset_ref, DCT.accrualPeriodicity))
        self._parse_themes(dataset_dict, dataset_ref)
        self._parse_regions(dataset_dict, dataset_ref)
        if kegiatan:
            self._parse_kegiatan(dataset_dict, dataset_ref)
        else:
            self._parse_dataset_fields(dataset_dict, dataset_ref)
        self._parse_resources(dataset_dict, dataset_ref)
        return dataset_dict

    def _parse_dataset_fields(self, data: dict[str, Any], ref: Node
                              ) -> None:
        g = self.g
        access = self._read_coded(ref, DCT.accessRights, SD.klasifikasiAkses,
                                  ACCESS_IN)
        if access:
            data["klasifikasi_akses"] = access
            self._drop_extra(data, "access_rights",
                             self._objects(ref, DCT.accessRights))
        kind = self._read_coded(ref, DCT.type, SD.jenisData,
                                DATASET_TYPE_IN)
        if kind:
            data["jenis_data"] = kind
            self._drop_extra(data, "dcat_type", self._objects(ref, DCT.type))
        self._set(data, "kode_standar_data", self._parse_standard(data, ref))
        for period in g.objects(ref, DCT.temporal):
            start = self._object_value(period, DCAT.startDate)
            end = self._object_value(period, DCAT.endDate)
            if start[:4].isdigit() and end[:4] == start[:4]:
                data["tahun_data"] = start[:4]
                self._drop_extra(data, "temporal_start", [start])
                self._drop_extra(data, "temporal_end", [end])
                break
        contact = self._object(ref, DCAT.contactPoint)
        if contact is not None:
            self._read(contact, data, DATASET_CONTACT)
            self._set(data, "kontak_email", self._email(contact))
            self._drop_dcat_agent(data, "contact")
        for activity in g.objects(ref, PROV.wasGeneratedBy):
            name = self._kegiatan_name(activity)
            if name:
                data["kegiatan"] = name
                # DCAT-AP 3 read the same link as a provenance activity
                rest = [a for a in data.pop("provenance_activity", [])
                        if a.get("uri") != str(activity)]
                self._set(data, "provenance_activity", rest)
                break
        indicator = self._object(ref, SD.indikator)
        if indicator is not None:
            self._read(indicator, data, INDICATOR_FIELDS)
            self._set(data, "ind_kode_sds",
                      self._parse_standard(data, indicator))
        variables = []
        for node in g.objects(ref, SD.variabel):
            item: dict[str, Any] = {}
            self._read(node, item, VARIABLE_FIELDS)
            self._set(item, "kode_sds", self._parse_standard(data, node))
            variables.append((self._order(node), item))
        if variables:
            data["variabel"] = [item for _, item in sorted(
                variables, key=lambda p: (p[0], p[1].get("nama") or ""))]

    def _parse_kegiatan(self, data: dict[str, Any], ref: Node) -> None:
        g = self.g
        page = self._object(ref, DCAT.landingPage)
        if page is not None and self._kegiatan_name(page):
            if data.get("url") == str(page):
                del data["url"]
        for node in g.objects(ref, ADMS.identifier):
            if self._object_value(node, ADMS.schemaAgency) == ROMANTIK:
                data["id_rekomendasi"] = self._object_value(
                    node, SKOS.notation)
                self._drop_extra(data, "alternate_identifier", [node])
        organiser = self._object(ref, DCT.creator)
        if organiser is not None:
            self._read(organiser, data, ORGANISER)
            self._set(data, "penyelenggara_email", self._email(organiser))
            address = self._object(organiser, LOCN.address)
            if address is not None:
                self._set(data, "penyelenggara_alamat", self._object_value(
                    address, LOCN.fullAddress))
            self._drop_dcat_agent(data, "creator")
        contact = self._object(ref, DCAT.contactPoint)
        if contact is not None:
            self._read(contact, data, KEGIATAN_CONTACT)
            self._drop_dcat_agent(data, "contact")
        stages = []
        for node in g.objects(ref, SD.jadwal):
            item: dict[str, Any] = {}
            self._read(node, item, STAGE_FIELDS)
            stages.append((self._order(node), item))
        if stages:
            data["jadwal"] = [item for _, item in sorted(
                stages, key=lambda p: (p[0], p[1].get("mulai") or ""))]

    def _parse_themes(self, data: dict[str, Any], ref: Node) -> None:
        found: dict[str, list[str]] = {"urusan": [], "sektor": []}
        ours = []
        for theme in self.g.objects(ref, DCAT.theme):
            for scheme, codes in found.items():
                code = uri_code(scheme, theme)
                if code:
                    codes.append(code)
                    ours.append(theme)
        if found["urusan"]:
            data["urusan"] = ordered_codes("urusan", found["urusan"])
        if found["sektor"]:
            data["sektor"] = found["sektor"][0]
        self._drop_extra(data, "theme", ours)

    def _parse_regions(self, data: dict[str, Any], ref: Node) -> None:
        codes, labels, ours = [], [], []
        for region in self.g.objects(ref, DCT.spatial):
            code = uri_code("wilayah", region)
            if code:
                codes.append(code)
                ours.append(region)
                labels.extend(self.g.objects(region, SKOS.prefLabel))
        if codes:
            data["cakupan_wilayah"] = sorted(set(codes))
            self._drop_extra(data, "spatial_uri", ours)
            self._drop_extra(data, "spatial_text", labels)

    def _parse_standard(self, data: dict[str, Any], ref: Node) -> str:
        for standard in self.g.objects(ref, DCT.conformsTo):
            code = uri_code("standar-data", standard)
            if code:
                self._drop_extra(data, "conforms_to", [standard])
                return self._object_value(standard, DCT.identifier) or code
        return ""

    def _parse_resources(self, data: dict[str, Any], ref: Node) -> None:
        by_ref = {str(d): d for d in self._distributions(ref)}
        for resource in data.get("resources", []):
            distribution = by_ref.get(resource.get("distribution_ref"))
            if distribution is not None:
                self._set(resource, "periode_data", self._object_value(
                    distribution, SD.periodeData))

    def _read(self, subject: Node, data: dict[str, Any],
              fields: Iterable[tuple]) -> None:
        for field, predicate, kind in fields:
            if kind == CODES:
                values = self._object_value_list(subject, predicate)
                if values:
                    data[field] = ordered_codes(field, values)
                continue
            obj = self._object(subject, predicate)
            if obj is None:
                continue
            if kind == BOOL and isinstance(obj, Literal) and (
                    obj.datatype == XSD.boolean):
                data[field] = YES if obj.toPython() is True else NO
            else:
                self._set(data, field, str(obj))

    def _read_coded(self, ref: Node, predicate: URIRef, native: URIRef,
                    inverse: dict[URIRef, str]) -> str:
        code = self._object_value(ref, native)
        if code:
            return code
        for obj in self.g.objects(ref, predicate):
            if obj in inverse:
                return inverse[obj]
        return ""

    def _email(self, node: Node) -> str:
        return self._without_mailto(self._object_value(node, VCARD.hasEmail))

    def _order(self, node: Node) -> int:
        value = self._object_value_int(node, SD.urutan)
        return value if value is not None else 0

    def _kegiatan_name(self, node: Node) -> str:
        """The name of a kegiatan from the URI of its page."""
        parts = str(node).rstrip("/").rsplit("/", 2)
        if not isinstance(node, URIRef) or len(parts) < 3 or (
                parts[1] != "kegiatan"):
            return ""
        return self._object_value(node, SKOS.notation) or unquote(parts[2])

    def _objects(self, ref: Node, predicate: URIRef) -> list[Node]:
        return list(self.g.objects(ref, predicate))

    @staticmethod
    def _set(data: dict[str, Any], key: str, value: Any) -> None:
        if value not in (None, "", []):
            data[key] = value

    @staticmethod
    def _drop_dcat_agent(data: dict[str, Any], key: str) -> None:
        """What DCAT-AP 3 parsed from an agent we read: ``<key>`` (its
        scheming form) and the ``<key>_*`` extras."""
        data.pop(key, None)
        data["extras"] = [e for e in data.get("extras", [])
                          if not e["key"].startswith(f"{key}_")]

    @staticmethod
    def _drop_extra(data: dict[str, Any], key: str,
                    values: Iterable[Node]) -> None:
        """Remove ``values`` from the extra ``key`` (a value or a JSON
        list); the extra goes when nothing is left."""
        gone = {str(v) for v in values}
        kept = []
        for extra in data.get("extras", []):
            if extra["key"] != key:
                kept.append(extra)
                continue
            value = extra["value"]
            try:
                items = json.loads(value)
            except (TypeError, ValueError):
                items = None
            if isinstance(items, list):
                rest = [i for i in items if str(i) not in gone]
                if rest:
                    kept.append({"key": key, "value": json.dumps(rest)})
            elif str(value) not in gone:
                kept.append(extra)
        data["extras"] = kept
