"""JSON blueprints: parse the request, call a service, return JSON."""
