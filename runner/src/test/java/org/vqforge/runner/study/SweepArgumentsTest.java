package org.vqforge.runner.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepArgumentsTest {

    @Test
    void severalValuesMakeAnAxisAndOneValueAFixedOverride() {
        SweepArguments sweep = SweepArguments.parse(List.of("model.quantizer.type=vq,ema,fsq", "train.steps=200",
                "model.quantizer.codebookSize=256,1024"));
        assertEquals(Map.of("train.steps", "200"), sweep.set());
        assertEquals(2, sweep.axes().size());
        Axis type = sweep.axes().get(0);
        assertEquals("type", type.name());
        assertEquals(List.of("model.quantizer.type"), type.keys());
        assertEquals(List.of("vq", "ema", "fsq"), type.values().stream().map(Axis.Value::label).toList());
        assertEquals(List.of("256", "1024"),
                sweep.axes().get(1).values().stream().map(v -> v.settings().get(0)).toList());
    }

    @Test
    void bracketedValuesAreListsThatStayWhole() {
        assertEquals(List.of("8,5,5", "4,4,4"), SweepArguments.split("[8,5,5],[4,4,4]"));
        assertEquals(List.of("a", "8,5", "b"), SweepArguments.split("a, [8,5] ,b"));
        Axis levels = SweepArguments.parse(List.of("model.quantizer.levels=[8,5,5],[4,4,4]")).axes().get(0);
        assertEquals(List.of("8-5-5", "4-4-4"), levels.values().stream().map(Axis.Value::label).toList());
    }

    @Test
    void emptyAxesAndMalformedArgumentsAreReportedTogether() {
        StudyException e = assertThrows(StudyException.class,
                () -> SweepArguments.parse(List.of("model.quantizer.type=", "nonsense", "a=[1,2")));
        assertTrue(e.getMessage().contains("model.quantizer.type: empty axis"), e.getMessage());
        assertTrue(e.getMessage().contains("'nonsense': expected key=value"), e.getMessage());
        assertTrue(e.getMessage().contains("unbalanced '['"), e.getMessage());
    }
}
