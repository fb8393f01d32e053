"""PDF adapters of the signing area: drawing stamps, writing them into pages, signing, verifying."""
