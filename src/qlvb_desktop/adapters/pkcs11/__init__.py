"""The USB token through PKCS#11: driver (module, slots), worker thread, session and PIN handling."""
