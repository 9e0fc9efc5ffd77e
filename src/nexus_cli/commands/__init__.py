"""One module per area of the command line."""
