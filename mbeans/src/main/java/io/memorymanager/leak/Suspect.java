package io.memorymanager.leak;

import io.memorymanager.internal.Round;

/**
 * A class whose instances grow while the heap floor does, from class histograms taken while the growth is judged.
 *
 * @param className the class as Java writes it ({@code byte[]}, {@code com.acme.Session})
 * @param application whether it is the application's class (ranked above JDK classes that grow alongside)
 * @param confidence 0-1: how steadily it grew across the histograms
 * @param heldBy what keeps its instances alive, as far as a short flight recording could tell (the static field,
 *     thread or collection at the root of the reference chain, e.g.
 *     {@code static com.acme.SessionRegistry.SESSIONS (java.util.HashMap)}); empty while unknown
 */
public record Suspect(String className, double instancesPerMinute, double bytesPerMinute, long instances,
        boolean application, double confidence, String heldBy) {

    public Suspect {
        instancesPerMinute = Round.count(instancesPerMinute);
        bytesPerMinute = Round.bytes(bytesPerMinute);
        confidence = Round.ratio(confidence);
    }

    Suspect withHeldBy(String holder) {
        return new Suspect(className, instancesPerMinute, bytesPerMinute, instances, application, confidence, holder);
    }
}
