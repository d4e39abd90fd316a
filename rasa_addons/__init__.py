"""Code that runs inside the Rasa server's process (Python 3.10, Rasa Open Source 3.6), loaded
through `config.yml`. The application's own code (`bot/`, `actions/`) never imports it."""
