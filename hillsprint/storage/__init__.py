"""Durable storage on stdlib sqlite3: opening and migrating the database file, and the session
repository. No Qt here; storage depends on `hillsprint.core` only."""
