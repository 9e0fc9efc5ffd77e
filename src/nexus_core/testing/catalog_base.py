"""A tiny parts catalog in the import layout, for tests and examples (docs/catalog.md#files).

Toyota Corolla front pads ``04465-02220`` (OE) are superseded by ``04465-02230`` and crossed by Bosch,
Brembo (through Bosch: a chain of two) and Wagner (through the new OE number); a Nissan Versa has its
own pads; Ford has vehicles but no parts. :func:`parse_files` turns the files into checked rows (the
importer's own checks) for :meth:`~nexus_core.testing.catalog_fakes.InMemoryCatalog.load`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from nexus_core.domain.catalog_files import FILES, CatalogRowError, parse_row

TINY_CATALOG: dict[str, str] = {
    "vehicle_brands.csv": "id,name\n1,TOYOTA\n2,NISSAN\n3,FORD\n",
    "vehicle_models.csv": "id,brand_id,name\n10,1,Corolla\n11,1,Yaris\n20,2,Versa\n30,3,Fiesta\n",
    "vehicle_years.csv": "id,year\n1,2018\n2,2019\n3,2020\n",
    "engines.csv": "id,code,name\n100,2ZR-FE,1.8L 2ZR-FE\n101,1NZ-FE,1.5L 1NZ-FE\n200,HR16DE,1.6L HR16DE\n",
    "vehicles.csv": "id,model_id,year_id,engine_id\n1000,10,1,100\n1001,10,2,100\n1002,10,2,101\n2000,20,2,200\n"
    "3000,30,2,200\n",
    "part_categories.csv": "id,name\n1,Frenos\n2,Filtros\n3,Suspensión\n",
    "part_groups.csv": "id,category_id,name\n10,1,Balatas delanteras\n11,1,Discos de freno\n20,2,Filtro de aceite\n"
    "30,3,Amortiguadores\n",
    "parts.csv": "id,manufacturer,part_number,name,is_oe,attributes\n"
    "500,TOYOTA,04465-02220,Balatas delanteras Toyota Corolla original,1,Posicion=Delantera\n"
    "501,BOSCH,0 986 494 104,Balatas delanteras cerámicas Bosch,0,Posicion=Delantera;Material=Ceramica\n"
    "502,BREMBO,P 83 024,Balatas delanteras Brembo,0,\n"
    "503,WAGNER,ZX1210,Balatas delanteras semimetálicas Wagner,0,\n"
    "504,TOYOTA,04465-02230,Balatas delanteras Toyota Corolla original nueva,1,\n"
    "505,TOYOTA,43512-02250,Disco de freno delantero Toyota,1,\n"
    "506,TOYOTA,90915-YZZE1,Filtro de aceite Toyota,1,\n"
    "507,FRAM,PH4967,Filtro de aceite Fram,0,\n"
    "508,NISSAN,D1060-1KA0A,Balatas delanteras Nissan Versa original,1,\n"
    "509,BOSCH,0 986 494 200,Balatas delanteras Bosch Versa,0,\n",
    "fitments.csv": "part_id,vehicle_id,group_id\n500,1000,10\n500,1001,10\n501,1000,10\n501,1001,10\n"
    "502,1000,10\n503,1001,10\n504,1001,10\n505,1000,11\n506,1000,20\n506,1002,20\n507,1000,20\n"
    "508,2000,10\n509,2000,10\n500,1000,10\n",
    "cross_references.csv": "part_id,other_part_id,source,direction\n501,500,supplier,both\n502,501,user,both\n"
    "500,504,oe,forward\n503,504,supplier,both\n507,506,supplier,both\n509,508,supplier,both\n",
}


def parse_files(texts: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Every file's rows, checked as the importer checks them (:class:`CatalogRowError` when one is bad)."""
    known: dict[str, set[int]] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for spec in FILES:
        reader = csv.reader(io.StringIO(texts[spec.filename]))
        header = next(reader)
        problem = spec.header_problem(header)
        if problem:
            raise CatalogRowError(spec.filename, 1, "-", problem)
        ids: set[int] = set()
        known[spec.name] = ids
        rows = out[spec.name] = []
        for values in reader:
            row = parse_row(spec, reader.line_num, dict(zip(header, values, strict=False)), known)
            if spec.key is not None:
                ids.add(row[spec.key])
            if not (spec.name == "fitments" and row in rows):  # a repeated fitment is merged
                rows.append(row)
    return out
