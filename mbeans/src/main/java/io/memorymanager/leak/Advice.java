package io.memorymanager.leak;

import java.util.List;
import java.util.Map;

/**
 * The advice job: what a person reads in a finding's message and recommendation, from the verdict and what the
 * suspects and the probe found. Every number in it is the verdict's own, formatted with its unit.
 */
final class Advice {

    private Advice() {
    }

    static String heapMessage(Assessment a, List<Suspect> suspects) {
        if (!a.rising() || suspects.isEmpty()) {
            return a.message();
        }
        return a.message() + "; top suspect: " + describe(suspects.get(0));
    }

    static String heapRecommendation(Assessment a, List<Suspect> suspects) {
        if (!a.alarm()) {
            return "";
        }
        String rate = TrendJudge.bytes(a.growthPerMinute()) + "/min";
        if (suspects.isEmpty()) {
            return "The heap floor grows " + rate + "; suspect classes are named after the next class histograms "
                    + "(taken at most once a minute while the floor rises). Meanwhile Profiler.classHistogramDiff "
                    + "shows what grows.";
        }
        Suspect top = suspects.get(0);
        String held = top.heldBy().isEmpty() ? "take a heap dump with Profiler.dumpHeap and look at what holds them"
                : "they are held by " + top.heldBy() + ": look at what adds to it and never removes (Profiler.dumpHeap "
                        + "for the full picture)";
        return String.format("Instances of %s grow %s/min (%s/min) while the heap floor grows %s; %s.",
                top.className(), TrendJudge.count(top.instancesPerMinute(), "").trim(),
                TrendJudge.bytes(top.bytesPerMinute()), rate, held);
    }

    static String describe(Suspect s) {
        return String.format("%s (+%s/min, %s/min)%s", s.className(),
                TrendJudge.count(s.instancesPerMinute(), "").trim(), TrendJudge.bytes(s.bytesPerMinute()),
                s.heldBy().isEmpty() ? "" : ", held by " + s.heldBy());
    }

    static String threadMessage(Assessment a, long now, String group, String creator) {
        if (!a.rising()) {
            return a.message() + " (" + now + " now)";
        }
        return a.message() + "; fastest-growing group: " + group + (creator == null ? "" : ", started by " + creator);
    }

    static String threadRecommendation(Assessment a, String group, String creator) {
        if (!a.alarm()) {
            return "";
        }
        return "Threads named '" + group + "' keep being started and never end" + (creator == null ? ""
                : " (started by " + creator + ")") + ": look for executors or timers created per request and never "
                + "shut down, or blocked threads piling up.";
    }

    static String classRecommendation(Assessment a, String loaderGrowth, Map<String, String> holders, String loader) {
        if (!a.alarm()) {
            return "";
        }
        String cause = loaderGrowth.isEmpty() ? "" : " Here " + loaderGrowth
                + (loader != null && holders.containsKey(loader) ? "; the loaders are held by " + holders.get(loader) : "") + ".";
        return "Loaded classes grow while few unload: a class-loader leak (redeploys, plugins, dynamic proxies, script "
                + "engines, generated classes)." + cause + " Old loaders stay while anything references them or one "
                + "of their classes; Profiler.dumpHeap shows the paths.";
    }

    static String directRecommendation(Assessment a, String site) {
        if (!a.alarm()) {
            return "";
        }
        return "Direct buffer memory grows steadily" + (site == null ? "" : ", allocated at " + site)
                + ": look for ByteBuffer.allocateDirect without reuse, or pooled network buffers never released; it "
                + "lives outside the heap, so heap dumps show only the small ByteBuffer objects that hold it.";
    }
}
