"""File exports: CONTPAQi Contabilidad's pólizas text layout and Aspel SAE's import columns.

CONTPAQi (docs/insight.md#erp-sync): one fixed-width ``P`` line per póliza, one ``M1`` line per movement,
Windows line ends, encoded cp1252 (what the importer reads). Aspel SAE: its Excel import columns
(artículos, ventas, clientes, compras) as a CSV
(UTF-8 with BOM, so Excel opens accents right). Every document in the batch goes into the file, so every
one is "sent"; the file is the job's output.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from nexus_core.domain.erp import (
    CustomerDoc,
    EntryDoc,
    EntryDocLine,
    ExportBatch,
    ExportResult,
    ItemDoc,
    OutputFile,
    PurchaseDoc,
    SaleDoc,
    SyncType,
)

# CONTPAQi póliza types: 1 ingresos, 2 egresos, 3 diario.
_POLIZA_TYPE = {"sale": 1, "payment": 1, "purchase": 2}


def _fit(text: str | None, width: int) -> str:
    return (text or "").replace("\r", " ").replace("\n", " ")[:width].ljust(width)


def _amount(value: Decimal, width: int = 20) -> str:
    return f"{value:.2f}".rjust(width)


def contpaqi_polizas(entries: list[EntryDoc]) -> str:
    """P: type(2) date AAAAMMDD(8) poliza type(4) folio(9) class(1) journal id(10) concept(100) origin(2)
    printed(1) adjustment(1). M1: type(2) account(30) reference(10) 0=cargo/1=abono(1) amount(20)
    journal id(10) foreign amount(20) concept(100)."""
    out = []
    for e in entries:
        kind = _POLIZA_TYPE.get(e.type, 3)
        out.append(f"P  {e.date:%Y%m%d} {kind:>4} {e.number:>9} 1 {0:>10} {_fit(e.description, 100)} 11 0 0")
        for ln in e.lines:
            side, amount = (0, ln.debit) if ln.debit > 0 else (1, ln.credit)
            out.append(
                f"M1 {_fit(ln.account_code, 30)} {_fit(e.reference, 10)} {side} {_amount(amount)} "
                f"{0:>10} {_amount(Decimal('0.00'))} {_fit(e.description, 100)}"
            )
    return "\r\n".join(out) + "\r\n"


def contpaqi_sales_as_polizas(sales: list[SaleDoc]) -> list[EntryDoc]:
    """CONTPAQi takes sales as pólizas: the sale's own entry is already in the books; this export is the
    summary póliza per sale for a CONTPAQi company that keeps only the totals (cash/bank vs income and IVA)."""
    return [
        EntryDoc(
            doc_id=s.doc_id,
            number=int(s.doc_id.partition(":")[2]),
            date=s.date,
            type="sale",
            reference=s.folio,
            description=f"Venta {s.folio}",
            lines=(
                EntryDocLine("101.01", "Caja", s.total, Decimal("0.00")),
                EntryDocLine("401.01", "Ventas", Decimal("0.00"), s.subtotal),
                EntryDocLine("208.01", "IVA trasladado", Decimal("0.00"), s.tax),
            ),
        )
        for s in sales
    ]


ASPEL_SALES = ("Clave", "Fecha", "Clave artículo", "Descripción", "Cantidad", "Precio", "Descuento",
               "Subtotal", "Impuesto 4 (%)", "IVA", "Total", "Forma de pago")  # fmt: skip
ASPEL_ITEMS = ("Clave", "Descripción", "Número de parte", "Unidad de entrada", "Precio 1", "Costo promedio",
               "Impuesto 4 (%)", "Status")  # fmt: skip

ASPEL_CUSTOMERS = ("Clave", "Nombre", "RFC", "Régimen fiscal", "Código postal", "Uso CFDI", "Correo electrónico",
                   "Teléfono", "Calle", "Límite de crédito", "Días de crédito", "Status")  # fmt: skip
ASPEL_PURCHASES = ("Clave", "Proveedor", "Fecha", "Clave artículo", "Descripción", "Cantidad", "Costo",
                   "Subtotal", "Impuesto 4 (%)", "IVA", "Total")  # fmt: skip


def _aspel_rows(batch: ExportBatch) -> tuple[tuple[str, ...], list[list[object]]]:
    """Customers and purchases: Aspel SAE's clientes and compras import columns."""
    if batch.sync_type is SyncType.CUSTOMERS:
        return ASPEL_CUSTOMERS, [
            [c.code, c.razon_social or c.name, c.rfc or "", c.regimen_fiscal or "", c.codigo_postal or "",
             c.uso_cfdi or "", c.email or "", c.phone or "", c.address or "", c.credit_limit, c.credit_days,
             "A" if c.active else "B"]
            for c in batch.documents
            if isinstance(c, CustomerDoc)
        ]  # fmt: skip
    return ASPEL_PURCHASES, [
        [p.reference, p.supplier or "", f"{p.date:%d/%m/%Y}", ln.code, ln.name, ln.quantity, ln.unit_cost,
         ln.subtotal, f"{ln.tax_rate * 100:.2f}", ln.tax, ln.subtotal + ln.tax]
        for p in batch.documents
        if isinstance(p, PurchaseDoc)
        for ln in p.lines
    ]  # fmt: skip


def aspel_csv(batch: ExportBatch) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if batch.sync_type in (SyncType.CUSTOMERS, SyncType.PURCHASES):
        header, rows = _aspel_rows(batch)
        writer.writerow(header)
        writer.writerows(rows)
    elif batch.sync_type is SyncType.SALES:
        writer.writerow(ASPEL_SALES)
        for s in batch.documents:
            assert isinstance(s, SaleDoc)
            for ln in s.lines:
                writer.writerow(
                    [s.folio, f"{s.date:%d/%m/%Y}", ln.code, ln.name, ln.quantity, ln.unit_price, ln.discount,
                     ln.subtotal, f"{ln.tax_rate * 100:.2f}", ln.tax, ln.total, s.payment_method]
                )  # fmt: skip
    else:
        writer.writerow(ASPEL_ITEMS)
        for i in batch.documents:
            assert isinstance(i, ItemDoc)
            writer.writerow(
                [i.code, i.name, i.part_number or "", i.unit, i.price, i.cost, f"{i.tax_rate * 100:.2f}",
                 "A" if i.active else "B"]
            )  # fmt: skip
    return "\ufeff" + buf.getvalue()


class ContpaqiExporter:
    def export(self, batch: ExportBatch) -> ExportResult:
        if batch.sync_type is SyncType.SALES:
            entries = contpaqi_sales_as_polizas([d for d in batch.documents if isinstance(d, SaleDoc)])
        else:
            entries = [d for d in batch.documents if isinstance(d, EntryDoc)]
        text = contpaqi_polizas(entries)
        name = f"contpaqi-polizas-{batch.date_from:%Y%m%d}-{batch.date_to:%Y%m%d}-job{batch.job_id}.txt"
        return ExportResult(
            sent=tuple((d.doc_id, None) for d in batch.documents),
            output=OutputFile(name, "text/plain; charset=windows-1252", text.encode("cp1252", errors="replace")),
        )


class AspelSaeExporter:
    def export(self, batch: ExportBatch) -> ExportResult:
        span = f"{batch.date_from:%Y%m%d}-{batch.date_to:%Y%m%d}"
        name = f"aspel-sae-{batch.sync_type.value}-{span}-job{batch.job_id}.csv"
        return ExportResult(
            sent=tuple((d.doc_id, None) for d in batch.documents),
            output=OutputFile(name, "text/csv; charset=utf-8", aspel_csv(batch).encode("utf-8")),
        )
