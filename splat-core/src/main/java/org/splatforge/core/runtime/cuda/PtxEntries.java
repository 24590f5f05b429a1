package org.splatforge.core.runtime.cuda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels a PTX text defines and how many parameters each takes, read from its
 * {@code .entry name( .param ..., .param ... )} declarations. {@link CudaKernel#launch} checks
 * the argument count against it, so a Java launch that drifted from its kernel's signature fails
 * with both names and counts instead of reading garbage on the device.
 */
public final class PtxEntries {

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_$][\\w$]*)\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("\\.param\\b");

    private PtxEntries() {
    }

    /** Kernel name to parameter count, in the order the PTX defines them. */
    public static Map<String, Integer> parameterCounts(String ptx) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            Matcher p = PARAM.matcher(m.group(2));
            int n = 0;
            while (p.find()) {
                n++;
            }
            out.put(m.group(1), n);
        }
        return out;
    }
}
