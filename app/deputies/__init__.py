"""Deputies and what they belong to: the registration form, status, careers, terms,
groups, constituencies, stations, the township."""
