"""Pure geometry: CRS handling, validation, footprints, GIS files and map building (no Flask, no DB)."""
