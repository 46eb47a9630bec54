"""Small reusable widgets and helpers of the pages."""
