"""Files made in the background: exports, PDFs and import reports, with their progress.

A higher app registers what it can make (``registry.register``); a view starts a job
(``services.start``) and sends the person to its progress page; a Celery task makes the file,
stores it in the document store and marks the job done. Files expire after ``JOB_FILE_HOURS``.
"""
