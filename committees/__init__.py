"""Committees, their elections, conduits and the contribution limits table. Imports only the kernel."""
