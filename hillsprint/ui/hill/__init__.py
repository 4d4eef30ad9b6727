"""At the hill: the session screen and its controller, the effort pad, the help overlay, the
summary after a session, the crash-resume dialog, keep-awake and the phase colours."""
