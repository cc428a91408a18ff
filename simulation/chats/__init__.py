"""Chat histories: read WhatsApp, Telegram and CSV exports into the project's tables
(`copsim-import`), anonymised at import."""
