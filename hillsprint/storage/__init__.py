"""Durable storage on stdlib sqlite3: the database file (schema, checks, opening, backups,
repair), the session repository, the plan and hill libraries, history queries and CSV. No Qt."""
