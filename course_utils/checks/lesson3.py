"""Checks for lesson 3 (L-layer network). Filled in with lesson 3."""
