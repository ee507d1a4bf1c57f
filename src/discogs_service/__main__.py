from discogs_service.cli import main

main()
