"""Word documents of a review: the full record, the decisions summary, the young person's letter.

Documents are rendered from a `ReviewSnapshot` (plain data read in one session), so a
worker thread can produce them; `issue.generate_document` writes and records an issue.
"""
