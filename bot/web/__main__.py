"""`python -m bot.web`: serve the public web site with uvicorn."""

from bot.web.app import main

main()
