"""Trained models shipped with kgbuild, each with its model card."""
