"""Adapters: persistence, files, PDF output, settings; they implement the domain's ports."""
