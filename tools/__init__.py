"""Development tools (bench, soak, evaluation): run from a checkout, not installed."""
