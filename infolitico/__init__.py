"""Infolitico: an automated newsroom that writes the literal win."""

__version__ = "0.1.0"
