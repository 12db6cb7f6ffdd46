"""Tarjotin: the wellbeing service tray (hyvinvoinnin palvelutarjotin)."""

__version__ = "0.1.0"
