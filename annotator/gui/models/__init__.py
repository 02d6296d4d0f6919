"""Item models over the database for the window's lists."""
