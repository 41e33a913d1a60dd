"""The screens of oversight: appraisals and review opinions."""
