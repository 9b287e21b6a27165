"""Streamlit render functions only: layout and calls into services, no logic."""

from channelwise.ui import texts as texts  # registers the app's texts in the catalog
