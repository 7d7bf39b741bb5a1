"""Open Referral HSDS 3.0: the bundled official schemas, and reading HSDS files into tables.

Pure Python (no Django): `spec` knows the tables and validates a record with Dutch messages,
`reader` turns nested JSON and tabular CSV packages into the same flat tables. The schema files
in `schema/` and `datapackage.json` are unchanged copies of the official HSDS 3.0 release
(CC BY-SA 4.0, Open Referral; see LICENSE).
"""
