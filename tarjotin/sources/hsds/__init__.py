"""HSDS 3.1 data packages in and out: the tabular CSV form, its JSON form, and nested JSON."""
