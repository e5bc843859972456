"""Rasa custom actions. rasa-sdk imports every module here: nothing may do work at import."""
