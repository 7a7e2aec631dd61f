"""The annual IRO report: period and scope, tables, charts and exports."""
