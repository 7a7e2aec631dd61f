"""domain layer of the IRO Desktop core."""
