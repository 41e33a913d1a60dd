"""The home page (工作台), first-start setup and the settings tab."""
