"""Use cases shared by the window and the command line; they take a Database, never Qt."""
