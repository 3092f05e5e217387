package org.vqforge.runner.study;

/** A study that cannot run as given (bad study file, invalid trial, foreign study directory). Exit code 2. */
public final class StudyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StudyException(String message) {
        super(message);
    }
}
