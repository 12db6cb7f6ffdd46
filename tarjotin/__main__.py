from tarjotin.cli import main

main()
