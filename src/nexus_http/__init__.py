"""nexus_http."""
