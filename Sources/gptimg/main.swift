print("gptimg")
