"""Writes and downloads, each through the portal: messaging, homework, files, report cards."""
