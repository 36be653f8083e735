"""Support: an account's cache as a bundle (a school file, the sync's failures and recording) and its replay."""
