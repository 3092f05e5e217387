/**
 * Token files: the code indices a trained run (the tokenizer) assigns to a dataset's images, with
 * their labels, for a second-stage model (a prior) to learn from and for the tokenizer to decode
 * again.
 *
 * <pre>{@code
 * try (TrainedRun run = TrainedRun.open(Path.of("runs/tokenizer"))) {
 *     Tokens tokens = run.encode(Split.TRAIN);              // what `vqf encode` writes
 *     TokenFiles.write(Path.of("train.vqft"), tokens);
 *     Tokens back = run.readTokens(Path.of("train.vqft"));  // refuses another tokenizer's file
 *     float[] images = run.decode(back, 0, 16);             // what `vqf decode` draws
 * }
 * }</pre>
 *
 * {@link org.vqforge.runner.tokens.TokenFiles} documents the file layout, {@link
 * org.vqforge.runner.tokens.Tokens} the order of the indices (position-major, plane-minor) and
 * {@link org.vqforge.runner.tokens.TokenHeader} the header's fields.
 */
package org.vqforge.runner.tokens;
