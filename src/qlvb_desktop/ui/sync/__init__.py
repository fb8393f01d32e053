"""Sync with the central server in the GUI: the status-bar widget and the settings page.

Standalone widgets: the main window places them and connects their signals to the sync worker
(services.sync.SyncWorker) and to the login use case; they import no adapter.
"""
