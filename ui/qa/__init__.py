"""Quality assurance: audits, challenges and good practice."""
