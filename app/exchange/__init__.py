"""Data exchange: Excel rosters in and out, the county package (报送包), county merge, backups.

Everything here is plain functions from values to files (and back); the UI wraps them in
a task of ui/tasks.py, the command line (app/exchange/cli.py) calls them directly."""
