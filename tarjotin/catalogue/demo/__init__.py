"""Deterministic demo catalogue: real Uusimaa geography, invented services and organizations."""
