package org.asvit.search;

/** Told about every step of a search as soon as it is done, with the state to checkpoint. */
@FunctionalInterface
public interface SearchListener {
    /**
     * @param step  the step just run
     * @param state the search's state after it; resuming from it continues exactly
     */
    void onStep(SearchStep step, SearchState state) throws Exception;

    static SearchListener none() {
        return (step, state) -> { };
    }
}
