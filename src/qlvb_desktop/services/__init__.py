"""Use cases of the clerk's work, headless: everything the GUI does goes through here."""
