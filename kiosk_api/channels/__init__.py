"""Ways in: the chat gateway to Rasa and, later, the Twilio and WeChat webhooks."""
