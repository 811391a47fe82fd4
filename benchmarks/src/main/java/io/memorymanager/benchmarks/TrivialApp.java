package io.memorymanager.benchmarks;

/** The application the start-up and footprint measurements attach the agent to: main returns at once. */
public final class TrivialApp {

    private TrivialApp() {
    }

    public static void main(String[] args) {
        System.out.println("trivial app done");
    }
}
