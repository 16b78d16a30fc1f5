"""studybot: daily study questions, fair rubric grading, streaks and leaderboards for chat groups."""

__version__ = "0.1.0"
