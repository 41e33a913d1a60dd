"""The deputies' work between sessions: activities, receptions at liaison stations,
reports to voters, duty scores and the yearly duty file."""
