"""What the wizards share: one step contract, a controller that drives the steps, and the
recovery file that brings the clerk back to the same step after a crash (`step.py`)."""
