"""HSDS 3.1 representation of the catalogue: table specs, value conversion, nested JSON."""
