"""Grounding: what chat answers and plan sections rest on, below both.

retrieve -> match curated questions and playbook entries -> evidence -> compose (or prompt,
stream through the model gate, check every sentence) -> cite -> fall back. Chat and plans call
this layer; it imports neither of them.
"""
