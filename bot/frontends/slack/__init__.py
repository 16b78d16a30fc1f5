"""The Slack frontend (slack-bolt)."""
