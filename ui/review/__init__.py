"""Recording a review: the editor, its sections, autosave recovery and the minutes."""
