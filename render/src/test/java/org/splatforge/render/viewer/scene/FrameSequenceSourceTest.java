package org.splatforge.render.viewer.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.splatforge.core.scene.GaussianCloud;

class FrameSequenceSourceTest {

    @Test
    void nearestFrameForATimeAndOneReadPerFrameChange() throws Exception {
        List<Path> files = List.of(Path.of("f0"), Path.of("f1"), Path.of("f2"), Path.of("f3"));
        List<String> reads = new ArrayList<>();
        FrameSequenceSource s = new FrameSequenceSource("seq", files, p -> {
            reads.add(p.toString());
            GaussianCloud c = GaussianCloud.create(5, 0);
            c.means()[0] = Integer.parseInt(p.toString().substring(1)); // frame number in x of Gaussian 0
            return c;
        });
        assertTrue(s.dynamic());
        assertEquals(5, s.size());
        assertEquals(0f, s.at(0).means()[0]);
        assertEquals(1f, s.at(0.3).means()[0]);  // 0.3*3 = 0.9 -> frame 1
        assertEquals(2f, s.at(0.6).means()[0]);  // 1.8 -> 2
        GaussianCloud last = s.at(1);
        assertEquals(3f, last.means()[0]);
        assertSame(last, s.at(0.95), "the same frame is not read again");
        assertEquals(List.of("f0", "f1", "f2", "f3"), reads);
    }

    @Test
    void framesOfAnotherCountAreRejectedNamingTheFile() throws Exception {
        FrameSequenceSource s = new FrameSequenceSource("seq", List.of(Path.of("a"), Path.of("b")),
                p -> GaussianCloud.create(p.toString().equals("a") ? 3 : 4, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.at(1));
        assertTrue(e.getMessage().contains("b: 4 Gaussians"), e.getMessage());
        assertTrue(!new FrameSequenceSource("one", List.of(Path.of("a")), p -> GaussianCloud.create(1, 0)).dynamic());
    }
}
