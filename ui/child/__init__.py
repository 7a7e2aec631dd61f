"""A child's record: details, periods of care, people, follow-ups and notes."""
