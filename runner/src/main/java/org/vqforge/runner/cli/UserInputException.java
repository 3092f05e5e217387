package org.vqforge.runner.cli;

/** Bad input from the user that is not a config file problem (e.g. a run directory without checkpoints). Exit code 2. */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }
}
