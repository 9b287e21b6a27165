"""Streamlit render functions only: layout and calls into services, no logic."""
