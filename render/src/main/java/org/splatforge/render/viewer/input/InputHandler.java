package org.splatforge.render.viewer.input;

import static org.lwjgl.glfw.GLFW.*;

import java.util.ArrayDeque;
import java.util.List;
import org.splatforge.render.viewer.gl.GlWindow;

/**
 * Mouse and keyboard for the viewer window, through GLFW callbacks (which run on the
 * render thread inside {@code glfwPollEvents}). Continuous input (drags, scrolling, held
 * fly keys) moves the {@link ViewController} directly; key presses that are commands are
 * queued as {@link Action}s for the viewer to carry out.
 *
 * <p>Cursor positions are in screen coordinates; pans are converted to framebuffer pixels
 * with the framebuffer/window size ratio, so HiDPI screens pan at the same speed.
 */
public final class InputHandler {

    /** The bindings, for the help overlay and the README: {keys, what they do}. */
    public static final List<String[]> BINDINGS = List.of(
            new String[] {"left drag", "orbit around the pivot"},
            new String[] {"right / middle / shift+left drag", "pan"},
            new String[] {"scroll", "zoom towards the pivot"},
            new String[] {"W A S D", "fly forward / left / back / right (shift: faster)"},
            new String[] {"Q E", "fly down / up"},
            new String[] {"R", "reset the view"},
            new String[] {"F", "frame the whole scene"},
            new String[] {"C / shift+C", "next / previous dataset camera (--dataset)"},
            new String[] {"space", "play / pause time (dynamic scenes)"},
            new String[] {"left / right arrow", "step time back / forward (shift: 10x)"},
            new String[] {"H", "show / hide this help"},
            new String[] {"U", "show / hide the HUD"},
            new String[] {"F12 or P", "write a screenshot PNG"},
            new String[] {"Esc", "quit"});

    private static final double ORBIT_RADIANS_PER_PIXEL = 0.005;

    private final GlWindow window;
    private final ViewController view;
    private final ArrayDeque<Action> actions = new ArrayDeque<>();
    private boolean orbiting;
    private boolean panning;
    private double lastX;
    private double lastY;
    private boolean timeFast;
    private boolean moved;

    public InputHandler(GlWindow window, ViewController view) {
        this.window = window;
        this.view = view;
        long h = window.handle();
        glfwSetMouseButtonCallback(h, (win, button, action, mods) -> {
            boolean press = action == GLFW_PRESS;
            if (button == GLFW_MOUSE_BUTTON_LEFT && (mods & GLFW_MOD_SHIFT) == 0) {
                orbiting = press;
            } else if (button == GLFW_MOUSE_BUTTON_LEFT || button == GLFW_MOUSE_BUTTON_RIGHT
                    || button == GLFW_MOUSE_BUTTON_MIDDLE) {
                panning = press;
            }
            if (!press) {
                orbiting = false;
                panning = false;
            }
        });
        glfwSetCursorPosCallback(h, (win, x, y) -> {
            double dx = x - lastX, dy = y - lastY;
            lastX = x;
            lastY = y;
            if (orbiting) {
                view.orbit(-dx * ORBIT_RADIANS_PER_PIXEL, dy * ORBIT_RADIANS_PER_PIXEL);
                moved = true;
            } else if (panning) {
                int[] fb = window.framebufferSize();
                int[] ws = window.windowSize();
                double scale = ws[0] > 0 ? (double) fb[0] / ws[0] : 1;
                view.pan(dx * scale, dy * scale, fb[1]);
                moved = true;
            }
        });
        glfwSetScrollCallback(h, (win, xoff, yoff) -> {
            view.zoom(Math.pow(0.9, yoff));
            moved = true;
        });
        glfwSetKeyCallback(h, (win, key, scancode, action, mods) -> {
            if (action != GLFW_PRESS && action != GLFW_REPEAT) {
                return;
            }
            boolean shift = (mods & GLFW_MOD_SHIFT) != 0;
            timeFast = shift;
            Action a = switch (key) {
                case GLFW_KEY_R -> Action.RESET_VIEW;
                case GLFW_KEY_F -> Action.FRAME_SCENE;
                case GLFW_KEY_C -> shift ? Action.PREVIOUS_CAMERA : Action.NEXT_CAMERA;
                case GLFW_KEY_SPACE -> Action.PLAY_PAUSE;
                case GLFW_KEY_RIGHT -> Action.TIME_FORWARD;
                case GLFW_KEY_LEFT -> Action.TIME_BACK;
                case GLFW_KEY_H -> Action.TOGGLE_HELP;
                case GLFW_KEY_U -> Action.TOGGLE_HUD;
                case GLFW_KEY_F12, GLFW_KEY_P -> Action.SCREENSHOT;
                case GLFW_KEY_ESCAPE -> Action.QUIT;
                default -> null;
            };
            if (a != null && (action == GLFW_PRESS || a == Action.TIME_FORWARD || a == Action.TIME_BACK)) {
                actions.add(a);
            }
        });
    }

    /** Applies held fly keys for a frame of {@code dt} seconds. */
    public void update(double dt) {
        long h = window.handle();
        double speed = view.flySpeed() * dt * (down(h, GLFW_KEY_LEFT_SHIFT) || down(h, GLFW_KEY_RIGHT_SHIFT) ? 4 : 1);
        double fwd = (down(h, GLFW_KEY_W) ? 1 : 0) - (down(h, GLFW_KEY_S) ? 1 : 0);
        double right = (down(h, GLFW_KEY_D) ? 1 : 0) - (down(h, GLFW_KEY_A) ? 1 : 0);
        double rise = (down(h, GLFW_KEY_E) ? 1 : 0) - (down(h, GLFW_KEY_Q) ? 1 : 0);
        if (fwd != 0 || right != 0 || rise != 0) {
            view.fly(fwd * speed, right * speed, rise * speed);
            moved = true;
        }
    }

    private static boolean down(long h, int key) {
        return glfwGetKey(h, key) == GLFW_PRESS;
    }

    /** The next queued command, or null. */
    public Action nextAction() {
        return actions.poll();
    }

    /** True when the last time-step key was pressed with shift (step 10x). */
    public boolean timeFast() {
        return timeFast;
    }

    /** True once since the last call if the camera was moved by the user. */
    public boolean takeMoved() {
        boolean m = moved;
        moved = false;
        return m;
    }
}
