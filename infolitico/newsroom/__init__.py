"""The newsroom app: stored state, the stages that move it, and the editorial desk (admin)."""
