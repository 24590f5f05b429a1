package org.splatforge.vision.quant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.splatforge.vision.quant.integer.IntKernels;

/**
 * Proof that the integer path has no floating point: every class of
 * {@code org.splatforge.vision.quant.integer} is parsed with the JDK's class-file API and every
 * instruction checked: no float/double opcode (arithmetic, loads, stores, constants,
 * conversions, comparisons, returns), no float/double constant, field, array, or call with a
 * float/double parameter or result, and no float/double field or method signature. The scanner
 * is shown to catch the fp32 kernels, so it can fail.
 */
class IntegerPurityTest {

    static List<String> floatUses(byte[] classBytes) {
        ClassModel cm = ClassFile.of().parse(classBytes);
        List<String> hits = new ArrayList<>();
        String cls = cm.thisClass().asInternalName();
        for (FieldModel f : cm.fields()) {
            if (isFloaty(f.fieldTypeSymbol())) {
                hits.add(cls + "." + f.fieldName() + ": field of type " + f.fieldTypeSymbol().displayName());
            }
        }
        for (MethodModel m : cm.methods()) {
            String where = cls + "." + m.methodName().stringValue();
            if (isFloaty(m.methodTypeSymbol())) {
                hits.add(where + ": signature " + m.methodTypeSymbol().displayDescriptor());
            }
            m.code().ifPresent(code -> {
                for (CodeElement e : code) {
                    if (!(e instanceof Instruction ins)) {
                        continue;
                    }
                    String op = ins.opcode().name();
                    boolean bad = op.startsWith("F") || (op.startsWith("D") && !op.startsWith("DUP"))
                            || op.endsWith("2F") || op.endsWith("2D");
                    if (ins instanceof ConstantInstruction ci && (ci.constantValue() instanceof Float || ci.constantValue() instanceof Double)) {
                        bad = true;
                    }
                    if (ins instanceof FieldInstruction fi && isFloaty(fi.typeSymbol())) {
                        bad = true;
                    }
                    if (ins instanceof InvokeInstruction ii && isFloaty(ii.typeSymbol())) {
                        bad = true;
                    }
                    if (ins instanceof NewPrimitiveArrayInstruction na
                            && (na.typeKind() == java.lang.classfile.TypeKind.FLOAT || na.typeKind() == java.lang.classfile.TypeKind.DOUBLE)) {
                        bad = true;
                    }
                    if (bad) {
                        hits.add(where + ": " + ins);
                    }
                }
            });
        }
        return hits;
    }

    private static boolean isFloaty(ClassDesc d) {
        while (d.isArray()) {
            d = d.componentType();
        }
        return d.descriptorString().equals("F") || d.descriptorString().equals("D");
    }

    private static boolean isFloaty(MethodTypeDesc t) {
        if (isFloaty(t.returnType())) {
            return true;
        }
        for (ClassDesc p : t.parameterList()) {
            if (isFloaty(p)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void integerPackageHasNoFloatingPoint() throws IOException, URISyntaxException {
        Path dir = Path.of(IntKernels.class.getResource("IntKernels.class").toURI()).getParent();
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(classes.size() >= 6, "expected the integer kernels, executor and model classes in " + dir + ", found " + classes);
        List<String> hits = new ArrayList<>();
        for (Path p : classes) {
            hits.addAll(floatUses(Files.readAllBytes(p)));
        }
        System.out.println("scanned " + classes.size() + " classes of " + dir.getFileName() + ": " + hits.size() + " float/double uses");
        assertTrue(hits.isEmpty(), String.join("\n", hits));
    }

    @Test
    void scannerCatchesFloatCode() throws IOException {
        assertFalse(floatUses(bytesOf(org.splatforge.vision.kernels.FloatKernels.class)).isEmpty());
        assertFalse(floatUses(bytesOf(org.splatforge.vision.kernels.SgemmRef.class)).isEmpty());
        assertFalse(floatUses(bytesOf(VitQuantizer.class)).isEmpty());
    }
}
