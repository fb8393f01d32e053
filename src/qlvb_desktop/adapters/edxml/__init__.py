"""edXML packages (QCVN 102:2016/BTTTT, SPEC §9): a safe, tolerant reader and a streaming writer."""
