"""Sync between the kiosk and the central server (see docs/protocol.md)."""
