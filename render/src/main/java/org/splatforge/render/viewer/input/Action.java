package org.splatforge.render.viewer.input;

/** A discrete viewer command bound to a key (see {@link InputHandler} for the bindings). */
public enum Action {
    RESET_VIEW, FRAME_SCENE, NEXT_CAMERA, PREVIOUS_CAMERA, PLAY_PAUSE, TIME_FORWARD, TIME_BACK,
    TOGGLE_HELP, TOGGLE_HUD, SCREENSHOT, QUIT
}
