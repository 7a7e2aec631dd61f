"""The application's frame: start-up, unlock and lock, the main window, settings."""
