"""Login, users and the audit trail on screen."""
