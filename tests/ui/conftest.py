"""Shared by the widget tests in tests/ui/<room>/. pytest puts this folder on sys.path (it holds
a conftest.py), so the helpers beside it (session_support) import by name from every room."""
