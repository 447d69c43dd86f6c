"""Data only: the GeoJSON files the service needs (EPSG:4326), copied from the Overblik geodata pack."""
