"""exchange layer of the IRO Desktop core."""
