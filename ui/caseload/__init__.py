"""The caseload: the table of children, its filters and the alerts."""
