"""The young person's consultation form and young person mode."""
