# ruff: noqa: E501  (the tables of vehicles and categories read best one per line)
"""A synthetic parts catalog in the import layout (docs/catalog.md#demo): Mexican-market vehicles, OE and
aftermarket parts with plausible numbers, fitments and cross-references. No licensed data: every
number is made up, deterministically (the same size gives the same files).

``small`` (~2,000 parts, ~20,000 fitments) loads in a second or two and is what ``make run`` serves;
``large`` (~200,000 parts, ~2,000,000 fitments) is the benchmark's. Rows are written as they are made:
memory does not grow with the size.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = {"small": (4, 3, 500), "large": (10, 8, 52_000)}  # brands, models per brand, applications

VEHICLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("NISSAN", ("Tsuru", "Versa", "Sentra", "March", "NP300", "Tiida", "X-Trail", "Kicks"), ("1.6L GA16DE", "1.6L HR16DE", "2.0L MR20DE", "2.5L QR25DE")),
    ("CHEVROLET", ("Aveo", "Spark", "Beat", "Sonic", "Cruze", "Silverado", "Trax", "Onix"), ("1.2L B12D1", "1.6L F16D3", "1.8L F18D4", "5.3L V8")),
    ("VOLKSWAGEN", ("Jetta", "Vento", "Gol", "Polo", "Golf", "Tiguan", "Saveiro", "Virtus"), ("1.6L CFZ", "2.0L CBP", "1.4L TSI", "2.5L CBU")),
    ("TOYOTA", ("Corolla", "Yaris", "Hilux", "Camry", "RAV4", "Tacoma", "Avanza", "Prius"), ("1.5L 1NZ-FE", "1.8L 2ZR-FE", "2.7L 2TR-FE", "2.5L 2AR-FE")),
    ("FORD", ("Fiesta", "Focus", "Ranger", "Figo", "EcoSport", "Lobo", "Escape", "Fusion"), ("1.6L Sigma", "2.0L Duratec", "2.5L Duratec", "5.0L Coyote")),
    ("HONDA", ("Civic", "City", "Fit", "CR-V", "Accord", "HR-V", "Odyssey", "Pilot"), ("1.5L L15", "1.8L R18", "2.0L K20", "2.4L K24")),
    ("KIA", ("Rio", "Forte", "Soul", "Sportage", "Seltos", "Sorento", "Picanto", "Optima"), ("1.4L Kappa", "1.6L Gamma", "2.0L Nu", "2.4L Theta")),
    ("MAZDA", ("Mazda 2", "Mazda 3", "CX-3", "CX-5", "Mazda 6", "CX-30", "BT-50", "MX-5"), ("1.5L P5", "2.0L PE", "2.5L PY", "2.2L Diesel")),
    ("DODGE", ("Attitude", "Neon", "Journey", "Durango", "Ram 700", "Ram 1500", "Charger", "Avenger"), ("1.2L", "2.0L", "2.4L Tigershark", "3.6L Pentastar")),
    ("RENAULT", ("Logan", "Sandero", "Duster", "Kwid", "Stepway", "Oroch", "Koleos", "Megane"), ("1.0L SCe", "1.6L K4M", "2.0L F4R", "2.5L QR25")),
)  # fmt: skip

CATEGORIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Frenos", ("Balatas delanteras", "Balatas traseras", "Discos de freno delanteros", "Tambores de freno", "Cilindro maestro"), ("BOSCH", "BREMBO", "WAGNER", "FRITEC", "TRW")),
    ("Suspensión", ("Amortiguadores delanteros", "Amortiguadores traseros", "Horquillas", "Rótulas", "Terminales de dirección"), ("MONROE", "KYB", "TRW", "SKF")),
    ("Filtros", ("Filtro de aceite", "Filtro de aire", "Filtro de gasolina", "Filtro de cabina"), ("FRAM", "INTERFIL", "WIX", "MAHLE", "BOSCH")),
    ("Encendido", ("Bujías", "Bobinas de encendido", "Cables de bujía"), ("NGK", "CHAMPION", "BOSCH", "DENSO")),
    ("Motor", ("Banda de distribución", "Bomba de agua", "Empaque de cabeza", "Banda de accesorios"), ("GATES", "SKF", "MAHLE")),
    ("Enfriamiento", ("Radiador", "Termostato", "Motoventilador"), ("GONHER", "VALEO", "MAHLE")),
    ("Eléctrico", ("Alternador", "Marcha", "Sensor de oxígeno"), ("BOSCH", "DENSO", "VALEO")),
    ("Transmisión", ("Kit de clutch", "Soporte de motor", "Flecha homocinética"), ("LUK", "VALEO", "SKF")),
)  # fmt: skip

GRADES = ("cerámicas", "semimetálicas", "premium", "estándar", "reforzado", "alto desempeño")
FIRST_YEAR, LAST_YEAR = 2000, 2024


def _oe_number(brand: str, group: int, n: int) -> str:
    if brand == "TOYOTA":
        return f"{4400 + group * 31:05d}-{n:05d}"
    if brand == "NISSAN":
        return f"{chr(65 + group % 26)}{1000 + group * 7:04d}-{n:05X}"
    if brand == "VOLKSWAGEN":
        return f"5U0 {100 + group * 17:03d} {n:06d}"
    if brand == "CHEVROLET":
        return f"{90000000 + group * 100000 + n:08d}"
    return f"{brand[:2]}{group:02d}-{n:06d}"


_AFTERMARKET: dict[str, Callable[[int], str]] = {
    "BOSCH": lambda n: f"0 986 {n // 1000 % 1000:03d} {n % 1000:03d}",
    "BREMBO": lambda n: f"P {n // 1000:03d} {n % 1000:03d}",
    "NGK": lambda n: f"BKR{n % 9 + 1}E-{n // 9}",
    "MONROE": lambda n: f"{70000 + n}",
    "GATES": lambda n: f"K0{n:06d}",
    "FRAM": lambda n: f"PH{3000 + n}",
}


def _am_number(maker: str, n: int) -> str:
    make = _AFTERMARKET.get(maker)
    return make(n) if make else f"{maker[:3]}-{n:06d}"


class _Files:
    """The ten files open at once, each with its header written."""

    HEADERS = {
        "vehicle_brands": ("id", "name"),
        "vehicle_models": ("id", "brand_id", "name"),
        "vehicle_years": ("id", "year"),
        "engines": ("id", "code", "name"),
        "vehicles": ("id", "model_id", "year_id", "engine_id"),
        "part_categories": ("id", "name"),
        "part_groups": ("id", "category_id", "name"),
        "parts": ("id", "manufacturer", "part_number", "name", "is_oe", "attributes"),
        "fitments": ("part_id", "vehicle_id", "group_id"),
        "cross_references": ("part_id", "other_part_id", "source", "direction"),
    }

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._handles = {
            name: (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") for name in self.HEADERS
        }
        self.writers = {name: csv.writer(h) for name, h in self._handles.items()}
        self.counts = dict.fromkeys(self.HEADERS, 0)
        for name, header in self.HEADERS.items():
            self.writers[name].writerow(header)

    def row(self, name: str, *values: Any) -> None:
        self.writers[name].writerow(values)
        self.counts[name] += 1

    def close(self) -> None:
        for h in self._handles.values():
            h.close()


def _vehicles(files: _Files, brands: int, models: int, rng: random.Random) -> list[tuple[int, int, list[list[int]]]]:
    """Brands, models, years, engines and myes; per model ``(brand index, model id, myes by year)``
    where each year's list holds its myes (one per engine)."""
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        files.row("vehicle_years", year - FIRST_YEAR + 1, year)
    out: list[tuple[int, int, list[list[int]]]] = []
    model_id = engine_id = mye_id = 0
    for b, (brand, names, engines) in enumerate(VEHICLES[:brands]):
        files.row("vehicle_brands", b + 1, brand)
        engine_ids = []
        for engine in engines:
            engine_id += 1
            files.row("engines", engine_id, engine.split(" ", 1)[-1], engine)
            engine_ids.append(engine_id)
        for name in names[:models]:
            model_id += 1
            files.row("vehicle_models", model_id, b + 1, name)
            start = rng.randint(FIRST_YEAR, LAST_YEAR - 8)
            span = range(start, min(LAST_YEAR, start + rng.randint(8, 16)) + 1)
            mine = rng.sample(engine_ids, 2)
            by_year = []
            for year in span:
                ids = []
                for e in mine:
                    mye_id += 1
                    files.row("vehicles", mye_id, model_id, year - FIRST_YEAR + 1, e)
                    ids.append(mye_id)
                by_year.append(ids)
            out.append((b, model_id, by_year))
    return out


def write_demo(directory: Path, size: str = "small", seed: int = 2026) -> dict[str, int]:
    """Write the ten files of a demo catalog into ``directory``; returns the rows per file."""
    brands, models, applications = SIZES[size]
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    files = _Files(directory)
    try:
        vehicles = _vehicles(files, brands, models, rng)
        groups: list[tuple[int, str, tuple[str, ...]]] = []  # (group id, name, makers)
        for c, (category, names, makers) in enumerate(CATEGORIES, start=1):
            files.row("part_categories", c, category)
            for name in names:
                groups.append((len(groups) + 1, name, makers))
                files.row("part_groups", len(groups), c, name)
        numbers: dict[str, int] = {}
        last_oe: dict[tuple[int, int], int] = {}
        part_id = 0

        def part(maker: str, number: str, name: str, is_oe: bool, attributes: str, myes: list[int], group: int) -> int:
            nonlocal part_id
            part_id += 1
            files.row("parts", part_id, maker, number, name, 1 if is_oe else 0, attributes)
            for mye in myes:
                files.row("fitments", part_id, mye, group)
            return part_id

        for _ in range(applications):
            b, model_id, by_year = rng.choice(vehicles)
            brand, model_names, _ = VEHICLES[b]
            first = rng.randrange(len(by_year))
            years = by_year[first : first + rng.randint(6, 12)]
            myes = [m for ids in years for m in (ids if rng.random() < 0.7 else ids[:1])]
            group, group_name, makers = rng.choice(groups)
            model = model_names[(model_id - 1) % models]
            numbers[brand] = numbers.get(brand, 0) + 1
            oe_name = f"{group_name} {brand.title()} {model} original"
            oe_number = _oe_number(brand, group, numbers[brand])
            oe = part(brand, oe_number, oe_name, True, "Origen=Equipo original", myes, group)
            previous = last_oe.get((b, group))
            if previous is not None and rng.random() < 0.1:
                files.row("cross_references", previous, oe, "oe", "forward")  # superseded number
            last_oe[(b, group)] = oe
            aftermarket = []
            for maker in rng.sample(makers, min(len(makers), rng.randint(2, 4))):
                numbers[maker] = numbers.get(maker, 0) + 1
                grade = rng.choice(GRADES)
                name = f"{group_name} {grade} {maker.title()}"
                am = part(maker, _am_number(maker, numbers[maker]), name, False, f"Calidad={grade}", myes, group)
                files.row("cross_references", am, oe, "supplier", "both")
                aftermarket.append(am)
            if len(aftermarket) > 1 and rng.random() < 0.3:
                files.row("cross_references", aftermarket[0], aftermarket[1], "user", "both")
    finally:
        files.close()
    return files.counts
