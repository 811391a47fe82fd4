package io.memorymanager.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PressureTest {

    @Test
    void someAvg10IsReadFromTheSomeLine() {
        String psi = """
                some avg10=1.25 avg60=0.50 avg300=0.10 total=123456
                full avg10=0.75 avg60=0.20 avg300=0.05 total=65432
                """;
        assertThat(Pressure.someAvg10(psi)).isEqualTo(1.25);
    }

    @Test
    void idleSystemReadsZero() {
        assertThat(Pressure.someAvg10("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")).isZero();
    }

    @Test
    void textWithoutSomeLineOrWithGarbageIsUnknown() {
        assertThat(Pressure.someAvg10("")).isEqualTo(-1);
        assertThat(Pressure.someAvg10("full avg10=3.00 avg60=0.00 avg300=0.00 total=0")).isEqualTo(-1);
        assertThat(Pressure.someAvg10("some avg10=abc avg60=0.00")).isEqualTo(-1);
        assertThat(Pressure.someAvg10("some avg10=250.0")).isEqualTo(-1);
    }
}
