"""Seed data for Overblik: geodata copied from the shared pack, the zones and the district's 2025 events.

Everything here is data read through `app.seed.files`; nothing reads outside the package at run time.
"""
