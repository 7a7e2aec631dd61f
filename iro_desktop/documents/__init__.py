"""documents layer of the IRO Desktop core."""
