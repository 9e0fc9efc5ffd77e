"""ERP exporters (docs/insight.md#erp-sync): files for CONTPAQi, Aspel SAE and SAT's contabilidad
electrónica, and clients of Odoo's JSON-RPC and SAP Business One's Service Layer."""
