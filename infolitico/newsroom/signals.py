"""Signals the newsroom sends, so other apps (the site's search) can follow along."""

from django.dispatch import Signal

# Sent once per article, with `article=`, when the publish stage publishes it.
published = Signal()
