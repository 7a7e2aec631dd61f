"""services layer of the IRO Desktop core."""
