"""Domain rules shared by the client and the server: no database, no Qt, no network."""
