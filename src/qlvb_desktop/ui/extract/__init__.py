"""Widgets of the extraction proposal (issue 4), standalone until the main window hosts them:
a page preview that highlights where a field was read, a confidence indicator, and the
pre-filled form that ties them together."""
