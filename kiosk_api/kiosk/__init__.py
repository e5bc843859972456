"""Kiosk pages: server-rendered screens of the court self-service terminal."""
