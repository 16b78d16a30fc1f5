"""The Discord frontend (discord.py)."""
