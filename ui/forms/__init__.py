"""Record forms generated from the field declarations: editors, validation as you type, dialogs."""
