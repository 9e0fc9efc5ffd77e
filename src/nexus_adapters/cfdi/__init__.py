"""CFDI 4.0 adapters: rendering, cadena original, sello, XSD validation, CSDs, PACs and the PDF."""
