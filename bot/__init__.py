"""hackbot: a bilingual assistant for public-administration hackathons."""

__version__ = "0.1.0"
