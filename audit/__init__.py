"""The audit trail: who changed money or compliance state, what and why. Imports only the kernel."""
