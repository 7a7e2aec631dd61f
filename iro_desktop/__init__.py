"""IRO Desktop core: domain rules, the encrypted store, documents, reports and the `iro` command.

This package never imports Qt, so the command line, tests and a future server can use it.
"""

__version__ = "0.1.0"
