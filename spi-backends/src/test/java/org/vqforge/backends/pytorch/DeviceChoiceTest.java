package org.vqforge.backends.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Backend selection without a GPU: the decisions are pure functions of the visible GPU count. */
class DeviceChoiceTest {

    @Test
    void gpuWithoutAGpuIsUnavailableWithAReason() {
        var a = DeviceChoice.GPU.availability(0, 2);
        assertFalse(a.available());
        assertTrue(a.detail().contains("no CUDA device"), a.detail());
        assertTrue(a.detail().contains("backend.type=cpu"), "says what to do instead: " + a.detail());
    }

    @Test
    void gpuWithGpusUsesTheRequestedOne() {
        assertTrue(DeviceChoice.GPU.availability(2, 2).available());
        assertEquals(Device.gpu(1), DeviceChoice.GPU.device(2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.GPU.device(2, 2));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
    }

    @Test
    void autoPrefersTheGpuAndFallsBackToTheCpuOnlyWhenThereIsNone() {
        assertEquals(Device.gpu(0), DeviceChoice.AUTO.device(1, 0));
        assertEquals(Device.cpu(), DeviceChoice.AUTO.device(0, 0));
        assertTrue(DeviceChoice.AUTO.availability(0, 2).detail().contains("CPU"));
    }

    @Test
    void cpuIsAlwaysTheCpu() {
        assertEquals(Device.cpu(), DeviceChoice.CPU.device(4, 3));
        assertTrue(DeviceChoice.CPU.availability(4, 2).available());
    }

    @Test
    void zeroThreadsMeansEveryCore() {
        assertEquals(2, DeviceChoice.threads(0, 2));
        assertEquals(3, DeviceChoice.threads(3, 2));
        assertEquals(1, DeviceChoice.threads(0, 0));
    }
}
