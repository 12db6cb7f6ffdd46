"""HSDS 3.0 representation of the catalogue: table specs, value conversion, nested JSON."""
