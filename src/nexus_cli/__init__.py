"""nexus_cli."""
