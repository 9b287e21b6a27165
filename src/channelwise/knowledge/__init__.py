"""The curated knowledge base: load Markdown documents, chunk them, index them."""
