"""Notifications: SMS senders, the outbox worker and its `flask notify` command."""
