"""Controllers: each connects a part of the window (keys, menus, views) to the services."""
