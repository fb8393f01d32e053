"""The statistics and reports view (issue 17): charts of a period and its reports to .pdf/.xlsx."""
