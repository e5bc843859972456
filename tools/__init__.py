"""Developer tools: run the stack, train and test the Rasa model."""
