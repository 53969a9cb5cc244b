"""Elections, votes and resolutions, counted as the statutes of each body say."""
