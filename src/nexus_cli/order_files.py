"""Reading order files a piece at a time (docs/cli.md#orders-import): the parcels seed's JSON
(``{"pedidos": [...]}`` or a bare ``[...]``) and CSV (one row per order line, consecutive rows with the
same ``numero_orden`` forming one order). Neither reader holds the whole file: memory stays flat.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

CHUNK = 1 << 16

# Order-level columns (taken from an order's first row) and the line columns.
ORDER_COLUMNS = (
    "numero_orden",
    "destinatario",
    "telefono",
    "coordenadas",
    "latitud",
    "longitud",
    "id_pais",
    "id_departamento",
    "id_municipio",
    "id_barrio",
    "direccion",
    "zona",
    "comentario",
    "id_moneda",
    "id_vendedor",
    "id_proveedor",
    "precio_local",
    "precio_usd",
)
LINE_COLUMNS = ("producto_id", "cantidad")
COLUMNS = ORDER_COLUMNS + LINE_COLUMNS
_INTEGER_COLUMNS = {"id_pais", "id_departamento", "id_municipio", "id_barrio", "id_moneda", "id_vendedor"}
_INTEGER_COLUMNS |= {"id_proveedor", "producto_id", "cantidad", "numero_orden"}


class FileError(ValueError):
    """The file is not what the command reads; the message says where."""


class _Reader:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_space(self) -> str:
        """The next non-blank character (not consumed), or '' at the end."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def expect(self, text: str) -> None:
        self.skip_space()
        while len(self.buffer) - self.pos < len(text) and self.more():
            pass
        if self.buffer[self.pos : self.pos + len(text)] != text:
            raise FileError(f'expected {text!r}: the file must be {{"pedidos": [...]}} or a JSON array')
        self.pos += len(text)


_DECODER = json.JSONDecoder(parse_float=Decimal)


def json_orders(stream: IO[str]) -> Iterator[Any]:
    """Each element of the ``pedidos`` array, parsed as it is reached."""
    r = _Reader(stream)
    first = r.skip_space()
    if first == "{":
        r.expect("{")
        r.expect('"pedidos"')
        r.expect(":")
    r.expect("[")
    while True:
        c = r.skip_space()
        if c == "]":
            return
        if c == ",":
            r.pos += 1
            r.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(r.buffer, r.pos)
            except json.JSONDecodeError as exc:
                if r.more():
                    continue
                raise FileError(f"the file is not valid JSON near character {exc.pos}: {exc.msg}") from None
            if end == len(r.buffer) and not r.eof and isinstance(value, int | Decimal):
                r.more()  # a number may go on in the next chunk
                continue
            r.pos = end
            yield value
            break


def _cell(name: str, text: str) -> Any:
    value = text.strip()
    if not value:
        return None
    if name in _INTEGER_COLUMNS and value.isascii() and value.isdigit():
        return int(value)
    return value


def csv_orders(stream: IO[str]) -> Iterator[Any]:
    """Orders from CSV rows: consecutive rows with the same ``numero_orden`` are one order's lines."""
    reader = csv.DictReader(stream)
    if not reader.fieldnames:
        raise FileError("the file is empty: the first line must name the columns")
    unknown = [c for c in reader.fieldnames if c not in COLUMNS]
    if unknown:
        raise FileError(f"unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(COLUMNS)}")
    current: dict[str, Any] | None = None
    for row in reader:
        values = {k: _cell(k, v or "") for k, v in row.items() if k is not None}
        line = {k: values.get(k) for k in LINE_COLUMNS}
        if current is not None and values.get("numero_orden") == current["numero_orden"]:
            current["productos"].append(line)
            continue
        if current is not None:
            yield current
        current = {k: values.get(k) for k in ORDER_COLUMNS if values.get(k) is not None}
        current["numero_orden"] = values.get("numero_orden")
        current["productos"] = [line]
    if current is not None:
        yield current


def read_orders(text: IO[str], *, csv_file: bool) -> Iterator[Any]:
    """The orders of a file opened as text (``encoding="utf-8-sig", newline=""``)."""
    return csv_orders(text) if csv_file else json_orders(text)
