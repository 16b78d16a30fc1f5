"""The domain: models, grading, streaks, scoring, selection and the study service."""
