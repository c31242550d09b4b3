"""The youth's résumé or activity log: entries assembled from the record (school, work-based
learning with verified hours, activities, community service, badges) and entries the youth
adds, edits or hides; its PDF."""
