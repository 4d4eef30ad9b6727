"""Training logic with no Qt and no I/O beyond reading plan files: plans, presets, the timing
engine (on an injected clock), the effort scale and records handed to storage."""
