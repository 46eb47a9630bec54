"""Qt item models over the services: tables and trees the views show."""
