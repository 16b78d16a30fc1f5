"""Platform frontends: console, Discord, Slack."""
