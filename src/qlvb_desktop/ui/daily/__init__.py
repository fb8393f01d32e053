"""The clerk's daily views in the main window (issue 7, flow 4): deadline colours, the "due
soon" and "overdue" lists, marking handled, the routing slip and the page preview."""
