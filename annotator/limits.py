"""Every limit on what people and programs may send, in one place: the forms, the services and
the views read them here. (The widths of database columns are in the models.)"""
from flask import current_app

MAX_INT = 2**31 - 1  # the largest value an integer column holds: ids, pages, revision numbers
TEXT_FIELD_CHARS = 20_000  # a claim's notes, a source's passage
USERNAME_CHARS = 64
PASSWORD_CHARS = 256  # SP 800-63B asks verifiers to accept at least 64; argon2 hashes any length
REVIEW_TEXT_CHARS = 2000  # a reviewer's comment, the reason an article is reopened
COMMENT_CHARS = 5000  # one comment in a claim's or an article's discussion
SEARCH_QUERY_CHARS = 500
SEARCH_RANKED_MATCHES = 1000  # matches a search ranks; more are counted as "1,000+"
SEARCH_MAX_PAGE = SEARCH_RANKED_MATCHES // 20  # pages of 20 (services/search.PER_PAGE) reach them all
LIST_MAX_PER_PAGE = 200  # articles a page of the article list
ANNOTATORS_PER_ARTICLE = 20
IDEMPOTENCY_KEY_CHARS = 80
IMPORT_LISTED_PROBLEMS = 100  # problems an import refusal lists
# Sentences the claim detector scores in one article: a 10,000-word article has about 700, so
# an article of up to about 28,000 words of news copy is read whole; a 400,000-character run of hostile
# short sentences (30,000 of them) is read to here, and its page says so (services/detector.length_note).
DETECTOR_MAX_SENTENCES = 2_000
CLI_IMPORT_BYTES = 512 * 1024 * 1024  # the command line has no request size limit; pages have MAX_CONTENT_LENGTH


def article_max_chars():
    """Return the longest article text this instance takes, in code points (ARTICLE_MAX_CHARS,
    configured): read where a text is checked, not passed down from the views."""
    return current_app.config["ARTICLE_MAX_CHARS"]


# Claimant records.
CLAIMANT_ALIASES = 50  # other names one claimant record is known by
CLAIMANT_COMPLETIONS = 10  # names the claimant field offers at once
CLAIMANT_QUERY_CHARS = 100  # what the claimant field sends to complete

# A reference-library file (other fact-checkers' ClaimReview): refused by size before it is read.
REFERENCE_FILE_BYTES = 20 * 1024 * 1024
REFERENCE_FILE_RECORDS = 50_000
