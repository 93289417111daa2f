"""Checks for lesson 2 (one hidden layer). Filled in with lesson 2."""
