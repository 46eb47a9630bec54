"""The 同步 page: this office's key and deliveries, sync with a folder, devices below, conflicts."""
