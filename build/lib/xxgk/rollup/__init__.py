"""Roll-ups: the tables of many reports (the departments and townships of a county) added up cell by cell."""
