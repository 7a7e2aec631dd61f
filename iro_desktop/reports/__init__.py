"""reports layer of the IRO Desktop core."""
