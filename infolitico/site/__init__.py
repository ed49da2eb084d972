"""The public site: pages a reader browses, built from the newsroom's published articles."""
