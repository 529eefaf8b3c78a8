"""Readers (files -> Document) and writers (Verdict -> text, JSON, ...). Sees only `models`."""
