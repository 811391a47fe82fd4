package io.memorymanager.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class TrendStatisticsTest {

    @Test
    void theShortcutForAConstantSeriesFindsWhatTheFullAnalysisFinds() {
        for (int n = 3; n <= 70; n++) {
            double[] time = new double[n];
            double[] value = new double[n];
            for (int i = 0; i < n; i++) {
                time[i] = i * 0.17;
                value[i] = 42;
            }
            assertThat(TrendStatistics.constant(n)).as("n = %d", n).isEqualTo(TrendStatistics.analyze(time, value));
        }
        assertThatThrownBy(() -> TrendStatistics.constant(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 points");
    }

    @Test
    void mannKendallMatchesTheTextbookValuesForAShortRisingSeries() {
        // n = 5, all pairs rising: S = 10, Var S = 5*4*15/18 = 16.667, Z = (10-1)/sqrt(16.667) = 2.2045
        TrendStatistics.Trend t = TrendStatistics.analyze(new double[] {0, 1, 2, 3, 4}, new double[] {1, 2, 3, 4, 5});
        assertThat(t.s()).isEqualTo(10);
        assertThat(t.z()).isCloseTo(2.2045, offset(1e-4));
        assertThat(t.pValue()).isCloseTo(0.0275, offset(1e-3));
        assertThat(t.slope()).isEqualTo(1.0);
    }

    @Test
    void theilSenIgnoresAnOutlierThatWouldTiltLeastSquares() {
        double[] time = new double[20];
        double[] value = new double[20];
        for (int i = 0; i < 20; i++) {
            time[i] = i;
            value[i] = 2.0 * i + 10;
        }
        value[3] = 1_000;
        TrendStatistics.Trend t = TrendStatistics.analyze(time, value);
        assertThat(t.slope()).isEqualTo(2.0);
        assertThat(t.slopeLow()).isLessThanOrEqualTo(2.0);
        assertThat(t.slopeHigh()).isGreaterThanOrEqualTo(2.0);
        assertThat(t.rising(0.01)).isTrue();
    }

    @Test
    void aConstantSeriesHasNoTrendAndTiesAreAccountedFor() {
        TrendStatistics.Trend t = TrendStatistics.analyze(new double[] {0, 1, 2, 3, 4, 5}, new double[] {7, 7, 7, 7, 7, 7});
        assertThat(t.s()).isZero();
        assertThat(t.pValue()).isCloseTo(1.0, offset(1e-6));
        assertThat(t.rising(0.05)).isFalse();
    }

    @Test
    void aFallingSeriesDoesNotRise() {
        TrendStatistics.Trend t = TrendStatistics.analyze(new double[] {0, 1, 2, 3, 4, 5, 6, 7},
                new double[] {9, 8, 7, 6, 5, 4, 3, 2});
        assertThat(t.s()).isEqualTo(-28);
        assertThat(t.slope()).isEqualTo(-1.0);
        assertThat(t.rising(0.05)).isFalse();
    }

    @Test
    void normalDistributionFunctionIsAccurate() {
        assertThat(TrendStatistics.normalCdf(0)).isCloseTo(0.5, offset(1e-7));
        assertThat(TrendStatistics.normalCdf(1.959964)).isCloseTo(0.975, offset(1e-6));
        assertThat(TrendStatistics.normalCdf(-2.575829)).isCloseTo(0.005, offset(1e-6));
    }

    @Test
    void tooFewPointsAreRefused() {
        assertThatThrownBy(() -> TrendStatistics.analyze(new double[] {0, 1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
