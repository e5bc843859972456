"""Kiosk API: the court service assistant's public gateway, REST API and docket."""
