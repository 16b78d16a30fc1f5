"""APScheduler wiring: which round opens or closes when."""
