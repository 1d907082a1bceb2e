"""Views of the applicant's portal, split by who uses them."""
