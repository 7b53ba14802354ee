"""``python -m encfix`` runs the command line."""

from encfix.cli import main

main()
