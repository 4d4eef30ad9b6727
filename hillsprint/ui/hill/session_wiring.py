"""One running session wired to the session screen: the controller's state, efforts and notices
shown on it, and its keys (Space, skip, +time, effort digits) sent to the controller. The main
window connects a new controller for each session and disconnects the screen at its end, so a
finished controller never hears a key."""

from __future__ import annotations

from hillsprint.ui.hill.session_controller import SessionController
from hillsprint.ui.hill.session_screen import SessionScreen


def connect_session(controller: SessionController, screen: SessionScreen) -> None:
    controller.stateChanged.connect(screen.show_state)
    controller.effortChanged.connect(lambda rep, effort: screen.show_effort(rep, effort))
    controller.repStored.connect(
        lambda _rep: screen.show_effort(
            controller.effort_target(), controller.efforts.get(controller.effort_target())
        )
    )
    controller.suspended.connect(
        lambda slept: screen.show_notice(
            f"The laptop slept for {slept / 60:.0f} min: session paused. Space resumes."
        )
    )
    screen.spacePressed.connect(controller.space)
    screen.skipPressed.connect(controller.skip)
    screen.addTimePressed.connect(controller.add_time)
    screen.effortPressed.connect(controller.set_effort)
    screen.show_effort(None, None)
    screen.show_notice("")


def disconnect_session(screen: SessionScreen) -> None:
    """The screen's keys go nowhere until the next session connects."""
    for signal in (
        screen.spacePressed,
        screen.skipPressed,
        screen.addTimePressed,
        screen.effortPressed,
    ):
        signal.disconnect()
