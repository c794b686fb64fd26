"""Eye tracking: presence, head pose, gaze and blinks from the shared face landmarks."""
