"""Chinese -> English: backends (marian, ct2), glossary, number checks, key terms."""
