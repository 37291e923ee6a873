"""Ingestion: file -> typed records. Pure: reads a file, returns records; imports nothing else of wgkb."""
