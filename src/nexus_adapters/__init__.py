"""nexus_adapters."""
