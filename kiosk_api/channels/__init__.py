"""Ways in: the chat gateway to Rasa, the Twilio SMS and voice webhooks, and WeChat."""
