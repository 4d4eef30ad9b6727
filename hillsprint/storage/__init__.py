"""Durable storage on stdlib sqlite3: the database file (schema, checks, opening, backups,
repair), the session repository, the plan and hill libraries, history queries and CSV. No Qt.
The screens reach all of it through one `store.Store`, whose failures are one `StorageError`."""
